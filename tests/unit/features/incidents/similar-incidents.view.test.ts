import { buildStateValues } from '@firebreak/slack-emulator/view-state';
import type { Incident } from '../../../../src/domain/incident';
import { declareModal, readDeclareForm } from '../../../../src/features/incidents/declare-modal.view';
import { DECLARE_JOIN_BUTTON } from '../../../../src/features/incidents/incidents.ids';
import { agoText, similarNotice, similarSentence } from '../../../../src/features/incidents/similar-incidents.view';

const now = new Date('2026-11-26T09:30:00Z');
const incident = (number: number, over: Partial<Incident> = {}): Incident => ({
  id: number,
  number,
  title: 'Checkout 500s',
  summary: '',
  severity: null,
  category: null,
  status: 'triage',
  isPrivate: false,
  roles: { commander: 'UALICE', comms: null, scribe: null },
  declaredBy: 'UALICE',
  declaredAt: new Date(now.getTime() - 3 * 60_000),
  channelId: `C${number}`,
  channelName: `inc-${number}-checkout-500s`,
  headerTs: null,
  isDrill: false,
  drillPlan: null,
  updatedAt: now,
  resolvedAt: null,
  closedAt: null,
  ...over,
});

test.each([
  [0, 'just now'],
  [59_000, 'just now'],
  [60_000, '1 minute ago'],
  [3 * 60_000 + 30_000, '3 minutes ago'],
  [29 * 60_000, '29 minutes ago'],
  [3 * 3_600_000, '3 hours ago'],
  [-5_000, 'just now'],
])('%i ms → %s', (ms, text) => {
  expect(agoText(ms)).toBe(text);
});

test('the sentence names the incident, its title, when, who and its channel; typed text stays inert', () => {
  expect(similarSentence(incident(41), now)).toBe(
    'INC-41 *Checkout 500s* was declared 3 minutes ago by <@UALICE>: join it, or declare a new incident.\n<#C41>',
  );
  const hostile = similarSentence(incident(7, { title: '<!channel> *all* down', isDrill: true }), now);
  expect(hostile).toContain('*[DRILL] &lt;!channel&gt; \u2217all\u2217 down*');
});

test('at most three incidents are shown, each with its Join button; the rest are counted', () => {
  const blocks = similarNotice(
    [1, 2, 3, 4, 5].map((n) => incident(n)),
    now,
  );
  const buttons = blocks.flatMap((b) => ('accessory' in b && b.accessory ? [b.accessory] : []));
  expect(buttons).toEqual(
    [1, 2, 3].map((n) =>
      expect.objectContaining({
        action_id: DECLARE_JOIN_BUTTON,
        value: String(n),
        text: expect.objectContaining({ text: `Join INC-${n}` }),
      }),
    ),
  );
  expect(JSON.stringify(blocks)).toContain('2 more open incidents look similar');
});

test('the form handed back keeps every value the person gave, and reads back the same', () => {
  const form = {
    title: 'Checkout returning 500s',
    summary: 'x'.repeat(3000),
    severity: 'SEV2' as const,
    category: 'Availability',
    isPrivate: true,
    commander: null,
    plan: 'db',
  };
  const view = declareModal({
    title: 'ignored',
    declarer: 'UBOB',
    categories: ['Availability', 'Security'],
    privateMetadata: '{}',
    drillPlans: [{ id: 'db', title: 'Database failover' }],
    again: { form, notice: similarNotice([incident(41)], now), submit: 'Declare anyway' },
  });
  expect(view.type === 'modal' && view.submit?.text).toBe('Declare anyway');
  const state = { values: buildStateValues(view.blocks as never, {}) };
  expect(
    readDeclareForm(state, { categories: ['Availability', 'Security'], botUserId: 'UBOT', plans: ['db'] }),
  ).toEqual({
    ok: true,
    form,
  });
});
