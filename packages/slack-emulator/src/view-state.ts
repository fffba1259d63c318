import type { Block, BlockElement, OptionObject } from './types';

// Builds view.state.values as the Slack client does on submit: keyed by
// block_id then action_id, one shape per element type. Misuse by a test (an
// unknown action_id, an option the element does not offer, an empty required
// input the client would not let through) throws, naming what was wrong.

type StateValue = Record<string, unknown> & { type: string };

function allOptions(el: BlockElement): OptionObject[] {
  return [...(el.options ?? []), ...(el.option_groups ?? []).flatMap((g) => g.options ?? [])];
}

function findOption(el: BlockElement, value: unknown, actionId: string): OptionObject {
  const opt = allOptions(el).find((o) => o.value === String(value));
  if (!opt) {
    const offered = allOptions(el).map((o) => o.value);
    throw new Error(`submitView: ${actionId} has no option '${String(value)}' (offers ${offered.join(', ')})`);
  }
  return { text: opt.text, value: opt.value };
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** The state entry for one element: `given` undefined means "user left it as it was". */
function stateFor(el: BlockElement, given: unknown, actionId: string): StateValue {
  const type = el.type ?? 'unknown';
  const has = given !== undefined;
  switch (type) {
    case 'plain_text_input':
    case 'number_input':
    case 'email_text_input':
    case 'url_text_input':
      return { type, value: has ? (given === null ? null : String(given)) : (el.initial_value ?? null) };
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return {
        type,
        selected_option: has ? (given === null ? null : findOption(el, given, actionId)) : (el.initial_option ?? null),
      };
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return {
        type,
        selected_options: has ? asArray(given).map((v) => findOption(el, v, actionId)) : (el.initial_options ?? []),
      };
    case 'users_select':
      return { type, selected_user: has ? given : (el.initial_user ?? null) };
    case 'multi_users_select':
      return { type, selected_users: has ? asArray(given) : (el.initial_users ?? []) };
    case 'conversations_select':
      return { type, selected_conversation: has ? given : (el.initial_conversation ?? null) };
    case 'channels_select':
      return { type, selected_channel: has ? given : (el.initial_channel ?? null) };
    case 'datepicker':
      return { type, selected_date: has ? given : (el.initial_date ?? null) };
    case 'timepicker':
      return { type, selected_time: has ? given : (el.initial_time ?? null) };
    default:
      return { type, value: has ? given : null };
  }
}

function isEmpty(value: StateValue): boolean {
  const { type: _type, ...rest } = value;
  return Object.values(rest).every((x) => x === null || x === '' || (Array.isArray(x) && x.length === 0));
}

/** `opts.closing`: the user closed the modal, so empty required inputs are fine (view_closed). */
export function buildStateValues(
  blocks: Block[],
  values: Record<string, unknown>,
  opts: { closing?: boolean } = {},
): Record<string, Record<string, StateValue>> {
  const state: Record<string, Record<string, StateValue>> = {};
  const used = new Set<string>();
  for (const b of blocks) {
    if (b.type !== 'input' || !b.element) continue;
    const actionId = b.element.action_id ?? '';
    const v = stateFor(b.element, values[actionId], actionId);
    if (actionId in values) used.add(actionId);
    const label = b.label?.text ?? actionId;
    if (!opts.closing && !b.optional && isEmpty(v)) {
      throw new Error(`submitView: required input '${label}' (${actionId}) is empty; Slack's client would not submit`);
    }
    const max = b.element.max_length;
    if (!opts.closing && typeof v.value === 'string' && typeof max === 'number' && v.value.length > max) {
      throw new Error(`submitView: '${label}' is longer than its max_length ${max}; Slack's client would not submit`);
    }
    state[b.block_id ?? ''] = { ...state[b.block_id ?? ''], [actionId]: v };
  }
  const unknown = Object.keys(values).filter((k) => !used.has(k));
  if (unknown.length) throw new Error(`submitView: no input with action_id ${unknown.join(', ')} in this view`);
  return state;
}
