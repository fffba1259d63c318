import type { Block } from '@firebreak/slack-emulator/types';
import { buildStateValues } from '@firebreak/slack-emulator/view-state';

const opt = (value: string) => ({ text: { type: 'plain_text', text: value.toUpperCase() }, value });
const input = (blockId: string, element: Record<string, unknown>, optional = false): Block => ({
  type: 'input',
  block_id: blockId,
  optional,
  label: { type: 'plain_text', text: blockId },
  element,
});

const blocks: Block[] = [
  input('title', { type: 'plain_text_input', action_id: 'title_input', max_length: 10 }),
  input('sev', {
    type: 'static_select',
    action_id: 'sev_select',
    options: [opt('sev1'), opt('sev2')],
    initial_option: opt('sev2'),
  }),
  input('lead', { type: 'users_select', action_id: 'lead_select' }, true),
  input('watchers', { type: 'multi_users_select', action_id: 'watchers_select' }, true),
  input('flags', { type: 'checkboxes', action_id: 'flags_check', options: [opt('public'), opt('customer')] }, true),
  input('when', { type: 'datepicker', action_id: 'when_date', initial_date: '2026-01-02' }),
  input('kind', { type: 'radio_buttons', action_id: 'kind_radio', options: [opt('outage'), opt('degraded')] }, true),
  { type: 'section', text: { type: 'mrkdwn', text: 'not an input' } },
];

describe('buildStateValues', () => {
  test('builds Slack’s shape per element type, with initial values for untouched fields', () => {
    const state = buildStateValues(blocks, {
      title_input: 'DB down',
      lead_select: 'UALICE',
      watchers_select: ['UBOB', 'UCAROL'],
      flags_check: ['customer'],
      kind_radio: 'outage',
    });
    expect(state).toEqual({
      title: { title_input: { type: 'plain_text_input', value: 'DB down' } },
      sev: { sev_select: { type: 'static_select', selected_option: opt('sev2') } },
      lead: { lead_select: { type: 'users_select', selected_user: 'UALICE' } },
      watchers: { watchers_select: { type: 'multi_users_select', selected_users: ['UBOB', 'UCAROL'] } },
      flags: { flags_check: { type: 'checkboxes', selected_options: [opt('customer')] } },
      when: { when_date: { type: 'datepicker', selected_date: '2026-01-02' } },
      kind: { kind_radio: { type: 'radio_buttons', selected_option: opt('outage') } },
    });
  });

  test('optional fields left empty are null or empty lists', () => {
    const state = buildStateValues(blocks, { title_input: 'x', sev_select: 'sev1' });
    expect(state.lead.lead_select).toEqual({ type: 'users_select', selected_user: null });
    expect(state.watchers.watchers_select).toEqual({ type: 'multi_users_select', selected_users: [] });
    expect(state.kind.kind_radio).toEqual({ type: 'radio_buttons', selected_option: null });
    expect(state.sev.sev_select.selected_option).toEqual(opt('sev1'));
  });

  test('refuses what the Slack client would not let through', () => {
    expect(() => buildStateValues(blocks, {})).toThrow(/required input 'title'/);
    expect(() => buildStateValues(blocks, { title_input: 'x'.repeat(11) })).toThrow(/max_length 10/);
    expect(() => buildStateValues(blocks, { title_input: 'x', sev_select: 'sev9' })).toThrow(/no option 'sev9'/);
    expect(() => buildStateValues(blocks, { title_input: 'x', nope: 1 })).toThrow(/no input with action_id nope/);
  });
});
