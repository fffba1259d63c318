// The modal the bot opened, in a <dialog>: input blocks become real form
// controls, the rest is rendered like a message. Submitting sends the values
// keyed by action_id (the emulator builds Slack's view.state from them); the
// bot's field errors appear under their fields, keyed by block_id.

import { renderBlocks } from './blocks.js';
import { textObject } from './mrkdwn.js';

const REQUIRED = 'Please complete this required field.';

function el(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

function optionsOf(blockElement) {
  return [...(blockElement.options ?? []), ...(blockElement.option_groups ?? []).flatMap((g) => g.options ?? [])];
}

/**
 * @param {string} id
 * @param {{ label: string, value: string }[]} choices
 * @param {{ multiple?: boolean, initial: string[], placeholder?: string }} options
 */
function selectControl(id, choices, { multiple, initial, placeholder }) {
  const select = el('select', 'control');
  select.id = id;
  select.multiple = !!multiple;
  if (!multiple) select.append(new Option(placeholder ?? 'Select an option', ''));
  for (const c of choices) select.append(new Option(c.label, c.value, false, initial.includes(c.value)));
  if (!multiple && !initial.length) select.value = '';
  return select;
}

/** Control(s) for one input element; `read()` gives the value the emulator expects. */
function control(blockElement, id, ctx) {
  const placeholder = blockElement.placeholder?.text;
  switch (blockElement.type) {
    case 'plain_text_input':
    case 'number_input':
    case 'email_text_input':
    case 'url_text_input': {
      const input = blockElement.multiline ? el('textarea', 'control') : el('input', 'control');
      if (!blockElement.multiline)
        input.type =
          { number_input: 'number', email_text_input: 'email', url_text_input: 'url' }[blockElement.type] ?? 'text';
      if (blockElement.multiline) input.rows = 4;
      input.id = id;
      if (placeholder) input.placeholder = placeholder;
      if (typeof blockElement.max_length === 'number') input.maxLength = blockElement.max_length;
      if (typeof blockElement.min_length === 'number') input.minLength = blockElement.min_length;
      input.value = blockElement.initial_value ?? '';
      return { node: input, focus: input, read: () => (input.value.trim() === '' ? null : input.value) };
    }
    case 'static_select':
    case 'multi_static_select': {
      const multiple = blockElement.type.startsWith('multi_');
      const initial = multiple
        ? (blockElement.initial_options ?? []).map((o) => o.value)
        : blockElement.initial_option
          ? [blockElement.initial_option.value]
          : [];
      const choices = optionsOf(blockElement).map((o) => ({ label: o.text?.text ?? o.value, value: o.value }));
      const select = selectControl(id, choices, { multiple, initial, placeholder });
      return {
        node: select,
        focus: select,
        read: () => (multiple ? [...select.selectedOptions].map((o) => o.value) : select.value || null),
      };
    }
    case 'users_select':
    case 'multi_users_select': {
      const multiple = blockElement.type.startsWith('multi_');
      const initial = multiple
        ? (blockElement.initial_users ?? [])
        : blockElement.initial_user
          ? [blockElement.initial_user]
          : [];
      const choices = ctx.people().map((u) => ({ label: `${u.realName} (@${u.name})`, value: u.id }));
      const select = selectControl(id, choices, { multiple, initial, placeholder: placeholder ?? 'Select a person' });
      return {
        node: select,
        focus: select,
        read: () => (multiple ? [...select.selectedOptions].map((o) => o.value) : select.value || null),
      };
    }
    case 'conversations_select':
    case 'channels_select': {
      const initial = [blockElement.initial_conversation ?? blockElement.initial_channel].filter(Boolean);
      const choices = ctx.channels().map((c) => ({ label: `#${c.name}`, value: c.id }));
      const select = selectControl(id, choices, { initial, placeholder: placeholder ?? 'Select a channel' });
      return { node: select, focus: select, read: () => select.value || null };
    }
    case 'checkboxes':
    case 'radio_buttons': {
      const kind = blockElement.type === 'checkboxes' ? 'checkbox' : 'radio';
      const initial = (
        blockElement.initial_options ?? (blockElement.initial_option ? [blockElement.initial_option] : [])
      ).map((o) => o.value);
      const boxes = optionsOf(blockElement).map((option, index) => {
        const input = el('input');
        input.type = kind;
        input.name = id;
        input.id = `${id}-${index}`;
        input.value = option.value;
        input.checked = initial.includes(option.value);
        const text = el('span', 'choice-text', textObject(option.text, ctx));
        if (option.description) text.append(el('span', 'choice-description', textObject(option.description, ctx)));
        const label = el('label', 'choice', input, text);
        return { input, label };
      });
      const group = el('div', 'choices', ...boxes.map((b) => b.label));
      const checked = () => boxes.filter((b) => b.input.checked).map((b) => b.input.value);
      return {
        node: group,
        focus: boxes[0]?.input,
        read: () => (kind === 'checkbox' ? checked() : (checked()[0] ?? null)),
        group: true,
      };
    }
    case 'datepicker':
    case 'timepicker': {
      const input = el('input', 'control');
      input.type = blockElement.type === 'datepicker' ? 'date' : 'time';
      input.id = id;
      input.value = (blockElement.type === 'datepicker' ? blockElement.initial_date : blockElement.initial_time) ?? '';
      return { node: input, focus: input, read: () => input.value || null };
    }
    default:
      return {
        node: el('p', 'unsupported', `[${blockElement.type} inputs are not supported in the sandbox]`),
        read: () => undefined,
      };
  }
}

function setError(field, message) {
  field.error.textContent = message ?? '';
  field.error.hidden = !message;
  field.target.setAttribute('aria-invalid', message ? 'true' : 'false');
}

const isEmpty = (v) => v === null || v === undefined || (Array.isArray(v) && v.length === 0);

/**
 * Renders `view` into `dialog`. Returns { showErrors(errors) }.
 * ctx: mrkdwn/blocks context plus people(), channels(), submit(values), close(values).
 */
export function renderModal(dialog, view, ctx) {
  const fields = [];
  const form = el('form', 'modal-form');
  form.noValidate = true;
  const title = el('h2', 'modal-title', view.title);
  title.id = 'modal-title';
  const closeX = el('button', 'icon-button', '×');
  closeX.type = 'button';
  closeX.setAttribute('aria-label', 'Close');
  const body = el('div', 'modal-body');

  for (const b of view.blocks) {
    if (b.type !== 'input' || !b.element) {
      body.append(renderBlocks([b], ctx));
      continue;
    }
    const id = `f-${b.block_id}`;
    const c = control(b.element, id, ctx);
    const error = el('p', 'field-error');
    error.id = `${id}-error`;
    error.hidden = true;
    const labelText = [b.label?.text ?? '', b.optional ? el('span', 'optional', ' (optional)') : ''];
    const wrapper = el(c.group ? 'fieldset' : 'div', 'input-block');
    wrapper.dataset.blockId = b.block_id;
    wrapper.append(c.group ? el('legend', 'input-label', ...labelText) : el('label', 'input-label', ...labelText));
    if (!c.group) wrapper.querySelector('label').htmlFor = id;
    wrapper.append(c.node);
    if (b.hint) wrapper.append(el('p', 'hint', textObject(b.hint, ctx)));
    wrapper.append(error);
    const target = c.group ? wrapper : c.node;
    target.setAttribute('aria-describedby', error.id);
    const field = { block: b, c, error, target };
    // A fixed field loses its error at once, as in Slack.
    wrapper.addEventListener('input', () => setError(field, undefined));
    wrapper.addEventListener('change', () => setError(field, undefined));
    fields.push(field);
    body.append(wrapper);
  }

  const cancel = el('button', 'btn', view.close || 'Cancel');
  cancel.type = 'button';
  const footer = el('div', 'modal-footer', cancel);
  let submit;
  if (view.submit) {
    submit = el('button', 'btn primary', view.submit);
    submit.type = 'submit';
    footer.append(submit);
  }
  form.append(el('div', 'modal-header', title, closeX), body, footer);
  dialog.replaceChildren(form);
  dialog.setAttribute('aria-labelledby', 'modal-title');

  const values = () => {
    const out = {};
    for (const f of fields) {
      const v = f.c.read();
      if (v !== undefined && f.block.element.action_id) out[f.block.element.action_id] = v;
    }
    return out;
  };

  const showErrors = (errors) => {
    let first;
    for (const f of fields) {
      const message = errors[f.block.block_id];
      setError(f, message);
      if (message && !first) first = f.c.focus;
    }
    first?.focus();
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const missing = {};
    const v = values();
    for (const f of fields)
      if (!f.block.optional && isEmpty(v[f.block.element.action_id])) missing[f.block.block_id] = REQUIRED;
    showErrors(missing);
    if (Object.keys(missing).length) return;
    if (submit) submit.disabled = true;
    try {
      await ctx.submit(v);
    } finally {
      if (submit) submit.disabled = false;
    }
  });
  const close = () => ctx.close(values());
  cancel.addEventListener('click', close);
  closeX.addEventListener('click', close);

  // Focus the first field, as Slack does.
  (fields[0]?.c.focus ?? submit ?? cancel).focus();
  return { showErrors };
}
