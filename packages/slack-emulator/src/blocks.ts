import { randomBytes } from 'node:crypto';
import { LIMITS } from './rules';
import type { Block, BlockElement, OptionObject, TextObject, ViewPayload } from './types';

// Block Kit checks for the limits a bot is most likely to hit. Messages use
// Slack's own wording: "[ERROR] <why> [json-pointer:<where>]", so a failing
// test reads like the error a real workspace would return.

export type Surface = 'message' | 'modal';

const COMMON_BLOCKS = ['section', 'divider', 'image', 'actions', 'context', 'header', 'input', 'rich_text', 'video'];
const BLOCK_TYPES: Record<Surface, Set<string>> = {
  message: new Set([...COMMON_BLOCKS, 'file', 'markdown', 'table', 'context_actions']),
  modal: new Set(COMMON_BLOCKS),
};

const SELECTS = ['static_select', 'external_select', 'users_select', 'conversations_select', 'channels_select'];
const MULTI_SELECTS = SELECTS.map((s) => `multi_${s}`);
const PICKERS = ['datepicker', 'timepicker', 'datetimepicker', 'checkboxes', 'radio_buttons'];
const TEXT_INPUTS = ['plain_text_input', 'number_input', 'email_text_input', 'url_text_input', 'rich_text_input'];

export const INPUT_ELEMENTS = new Set([...SELECTS, ...MULTI_SELECTS, ...PICKERS, ...TEXT_INPUTS, 'file_input']);
const ACTION_ELEMENTS = new Set([
  'button',
  'overflow',
  'workflow_button',
  ...SELECTS,
  ...MULTI_SELECTS,
  ...PICKERS,
  'rich_text_input',
]);
const ACCESSORY_ELEMENTS = new Set(['button', 'overflow', 'image', ...SELECTS, ...MULTI_SELECTS, ...PICKERS]);
const CONTEXT_ELEMENTS = new Set(['image', 'plain_text', 'mrkdwn']);

const err = (why: string, pointer: string) => `[ERROR] ${why} [json-pointer:${pointer}]`;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

interface TextRule {
  max?: number;
  plainOnly?: boolean;
}

function checkText(textObject: TextObject | undefined, ptr: string, rule: TextRule, out: string[]): void {
  if (!isObject(textObject)) {
    out.push(err('must provide an object', ptr));
    return;
  }
  if (textObject.type !== 'plain_text' && textObject.type !== 'mrkdwn')
    out.push(err('must be one of [plain_text, mrkdwn]', `${ptr}/type`));
  else if (rule.plainOnly && textObject.type !== 'plain_text') out.push(err('must be plain_text', `${ptr}/type`));
  if (typeof textObject.text !== 'string' || textObject.text.length === 0)
    out.push(err('must be more than 0 characters', `${ptr}/text`));
  else if (rule.max !== undefined && textObject.text.length > rule.max)
    out.push(err(`must be less than ${rule.max + 1} characters`, `${ptr}/text`));
}

function checkOptions(options: OptionObject[] | undefined, ptr: string, out: string[]): void {
  if (options === undefined) return;
  if (!Array.isArray(options)) {
    out.push(err('must be an array', ptr));
    return;
  }
  if (options.length > LIMITS.options) out.push(err(`must have at most ${LIMITS.options} items`, ptr));
  options.forEach((option, index) => {
    checkText(option?.text, `${ptr}/${index}/text`, { max: LIMITS.optionText }, out);
    if (typeof option?.value !== 'string' || option.value.length > LIMITS.optionValue)
      out.push(err(`must be a string of at most ${LIMITS.optionValue} characters`, `${ptr}/${index}/value`));
  });
}

function checkElement(el: BlockElement | undefined, ptr: string, allowed: Set<string>, out: string[]): void {
  if (!isObject(el)) {
    out.push(err('must provide an object', ptr));
    return;
  }
  if (typeof el.type !== 'string' || !allowed.has(el.type)) {
    out.push(err(`unsupported type: ${String(el.type)}`, `${ptr}/type`));
    return;
  }
  if (el.action_id !== undefined && (typeof el.action_id !== 'string' || el.action_id.length > LIMITS.actionId))
    out.push(err(`must be less than ${LIMITS.actionId + 1} characters`, `${ptr}/action_id`));
  if (el.type === 'button') {
    checkText(el.text, `${ptr}/text`, { max: LIMITS.buttonText, plainOnly: true }, out);
    if (el.value !== undefined && String(el.value).length > LIMITS.buttonValue)
      out.push(err(`must be less than ${LIMITS.buttonValue + 1} characters`, `${ptr}/value`));
  }
  if (el.type === 'static_select' || el.type === 'multi_static_select') {
    if (!el.options && !el.option_groups) out.push(err('must provide options or option_groups', ptr));
  }
  if (['static_select', 'multi_static_select', 'checkboxes', 'radio_buttons', 'overflow'].includes(el.type)) {
    checkOptions(el.options, `${ptr}/options`, out);
  }
}

function checkBlock(block: Block, ptr: string, out: string[]): void {
  switch (block.type) {
    case 'section':
      if (block.text === undefined && block.fields === undefined)
        out.push(err('must provide either text or fields', ptr));
      if (block.text !== undefined) checkText(block.text, `${ptr}/text`, { max: LIMITS.sectionText }, out);
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields) || block.fields.length > LIMITS.sectionFields)
          out.push(err(`must be an array of at most ${LIMITS.sectionFields} items`, `${ptr}/fields`));
        else
          for (const [i, f] of block.fields.entries())
            checkText(f, `${ptr}/fields/${i}`, { max: LIMITS.sectionField }, out);
      }
      if (block.accessory !== undefined) checkElement(block.accessory, `${ptr}/accessory`, ACCESSORY_ELEMENTS, out);
      break;
    case 'header':
      checkText(block.text, `${ptr}/text`, { max: LIMITS.headerText, plainOnly: true }, out);
      break;
    case 'context':
      if (
        !Array.isArray(block.elements) ||
        block.elements.length === 0 ||
        block.elements.length > LIMITS.contextElements
      )
        out.push(err(`must be an array of 1 to ${LIMITS.contextElements} items`, `${ptr}/elements`));
      else
        for (const [i, e] of block.elements.entries()) checkElement(e, `${ptr}/elements/${i}`, CONTEXT_ELEMENTS, out);
      break;
    case 'actions':
      if (
        !Array.isArray(block.elements) ||
        block.elements.length === 0 ||
        block.elements.length > LIMITS.actionsElements
      )
        out.push(err(`must be an array of 1 to ${LIMITS.actionsElements} items`, `${ptr}/elements`));
      else {
        for (const [i, e] of block.elements.entries()) checkElement(e, `${ptr}/elements/${i}`, ACTION_ELEMENTS, out);
        const ids = block.elements.map((e) => e?.action_id).filter((id): id is string => typeof id === 'string');
        const dup = ids.find((id, i) => ids.indexOf(id) !== i);
        if (dup) out.push(err(`action_id '${dup}' already exists`, `${ptr}/elements`));
      }
      break;
    case 'input':
      checkText(block.label, `${ptr}/label`, { max: LIMITS.labelText, plainOnly: true }, out);
      if (block.hint !== undefined)
        checkText(block.hint, `${ptr}/hint`, { max: LIMITS.labelText, plainOnly: true }, out);
      checkElement(block.element, `${ptr}/element`, INPUT_ELEMENTS, out);
      if (block.dispatch_action !== undefined && typeof block.dispatch_action !== 'boolean')
        out.push(err('must be a boolean', `${ptr}/dispatch_action`));
      break;
    case 'image':
      if (typeof block.image_url !== 'string' && !isObject(block.slack_file))
        out.push(err('must provide image_url', ptr));
      if (typeof block.alt_text !== 'string') out.push(err('must provide alt_text', `${ptr}/alt_text`));
      break;
    default:
      break;
  }
}

/** Problems with a blocks array, in Slack's message format; empty when valid. */
export function validateBlocks(blocks: unknown, surface: Surface, pointer = '/blocks'): string[] {
  const out: string[] = [];
  if (!Array.isArray(blocks)) return [err('must provide an array', pointer)];
  const max = surface === 'message' ? LIMITS.messageBlocks : LIMITS.modalBlocks;
  if (blocks.length > max) out.push(err(`no more than ${max} items allowed`, pointer));
  const seen = new Set<string>();
  blocks.forEach((blockValue: unknown, index) => {
    const ptr = `${pointer}/${index}`;
    if (!isObject(blockValue)) {
      out.push(err('must provide an object', ptr));
      return;
    }
    const block = blockValue as Block;
    if (typeof block.type !== 'string' || !BLOCK_TYPES[surface].has(block.type)) {
      out.push(err(`unsupported type: ${String(block.type)}`, `${ptr}/type`));
      return;
    }
    if (block.block_id !== undefined) {
      if (typeof block.block_id !== 'string' || block.block_id.length > LIMITS.blockId)
        out.push(err(`must be less than ${LIMITS.blockId + 1} characters`, `${ptr}/block_id`));
      else if (seen.has(block.block_id))
        out.push(err(`block_id '${block.block_id}' already exists`, `${ptr}/block_id`));
      else seen.add(block.block_id);
    }
    checkBlock(block, ptr, out);
  });
  return out;
}

/** Problems with a modal view (views.open/update/push and response_action views). */
export function validateView(view: unknown, pointer = '/view'): string[] {
  if (!isObject(view)) return [err('must provide an object', pointer)];
  const v = view as ViewPayload;
  const out: string[] = [];
  if (v.type !== 'modal') out.push(err('must be one of [modal]', `${pointer}/type`));
  checkText(v.title, `${pointer}/title`, { max: LIMITS.viewTitle, plainOnly: true }, out);
  if (v.submit !== undefined) checkText(v.submit, `${pointer}/submit`, { max: LIMITS.viewTitle, plainOnly: true }, out);
  if (v.close !== undefined) checkText(v.close, `${pointer}/close`, { max: LIMITS.viewTitle, plainOnly: true }, out);
  if (v.private_metadata !== undefined && String(v.private_metadata).length > LIMITS.privateMetadata)
    out.push(err(`must be less than ${LIMITS.privateMetadata + 1} characters`, `${pointer}/private_metadata`));
  if (v.callback_id !== undefined && String(v.callback_id).length > LIMITS.callbackId)
    out.push(err(`must be less than ${LIMITS.callbackId + 1} characters`, `${pointer}/callback_id`));
  if (v.external_id !== undefined && String(v.external_id).length > LIMITS.callbackId)
    out.push(err(`must be less than ${LIMITS.callbackId + 1} characters`, `${pointer}/external_id`));
  out.push(...validateBlocks(v.blocks, 'modal', `${pointer}/blocks`));
  const hasInput = Array.isArray(v.blocks) && v.blocks.some((b) => isObject(b) && b.type === 'input');
  if (hasInput && v.submit === undefined)
    out.push(err('submit is required when an input block is present', `${pointer}/submit`));
  return out;
}

/** A Home tab view (views.publish): type home, no title or submit, up to 100 blocks like a modal. */
export function validateHomeView(view: unknown, pointer = '/view'): string[] {
  if (!isObject(view)) return [err('must provide an object', pointer)];
  const v = view as ViewPayload;
  const out: string[] = [];
  if (v.type !== 'home') out.push(err('must be one of [home]', `${pointer}/type`));
  if (v.private_metadata !== undefined && String(v.private_metadata).length > LIMITS.privateMetadata)
    out.push(err(`must be less than ${LIMITS.privateMetadata + 1} characters`, `${pointer}/private_metadata`));
  out.push(...validateBlocks(v.blocks, 'modal', `${pointer}/blocks`));
  return out;
}

/** Copies blocks and fills missing block_ids with random ones, as Slack does when it stores them. */
export function withBlockIds(blocks: Block[] | undefined): Block[] | undefined {
  if (!blocks) return undefined;
  const taken = new Set(blocks.map((b) => b.block_id).filter(Boolean));
  return blocks.map((block) => {
    if (block.block_id) return { ...block };
    let id: string;
    do id = randomBytes(3).toString('base64url');
    while (taken.has(id));
    taken.add(id);
    return { ...block, block_id: id };
  });
}
