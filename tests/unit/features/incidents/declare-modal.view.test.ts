import { readDeclareForm } from '../../../../src/features/incidents/declare-modal.view';
import { DECLARE_FIELDS as F } from '../../../../src/features/incidents/incidents.ids';

const rules = { categories: ['Availability', 'Security'], botUserId: 'UBOT' };

function state(over: Partial<Record<keyof typeof F, unknown>> = {}) {
  const v: Record<string, Record<string, unknown>> = {
    [F.title.block]: { [F.title.action]: { type: 'plain_text_input', value: 'DB down' } },
    [F.severity.block]: { [F.severity.action]: { type: 'static_select', selected_option: { value: 'SEV2' } } },
    [F.category.block]: { [F.category.action]: { type: 'static_select', selected_option: null } },
    [F.summary.block]: { [F.summary.action]: { type: 'plain_text_input', value: null } },
    [F.private.block]: { [F.private.action]: { type: 'checkboxes', selected_options: [] } },
    [F.commander.block]: { [F.commander.action]: { type: 'users_select', selected_user: 'UALICE' } },
  };
  for (const [k, val] of Object.entries(over)) {
    const f = F[k as keyof typeof F];
    v[f.block] = { [f.action]: val };
  }
  return { values: v };
}

test('a complete form', () => {
  expect(readDeclareForm(state({ private: { selected_options: [{ value: 'private' }] } }), rules)).toEqual({
    ok: true,
    form: {
      title: 'DB down',
      summary: '',
      severity: 'SEV2',
      category: null,
      isPrivate: true,
      commander: 'UALICE',
      plan: null,
    },
  });
});

test.each([
  ['blank title', { title: { value: '   ' } }, F.title.block],
  ['missing title', { title: { value: null } }, F.title.block],
  ['too long title', { title: { value: 'x'.repeat(3001) } }, F.title.block],
  ['unknown severity', { severity: { selected_option: { value: 'SEV9' } } }, F.severity.block],
  ['category not in policy', { category: { selected_option: { value: 'Cooking' } } }, F.category.block],
  ['bot as commander', { commander: { selected_user: 'UBOT' } }, F.commander.block],
  ['plan not in policy (forged drill form)', { plan: { selected_option: { value: 'nope' } } }, F.plan.block],
])('%s is a field error', (_name, over, block) => {
  const r = readDeclareForm(state(over), rules);
  expect(r.ok).toBe(false);
  if (!r.ok) expect(Object.keys(r.errors)).toEqual([block]);
});

test('garbage state does not throw', () => {
  expect(readDeclareForm({ nope: 1 }, rules).ok).toBe(false);
  expect(readDeclareForm(null, rules).ok).toBe(false);
});

test('the drill form: a plan of the policy is read', () => {
  const r = readDeclareForm(state({ plan: { selected_option: { value: 'db' } } }), { ...rules, plans: ['db'] });
  expect(r.ok && r.form.plan).toBe('db');
});
