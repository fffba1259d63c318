// Block Kit → DOM: section (text, fields, accessory), header, context,
// divider, actions, image. Unknown blocks show their text or a quiet note.
//
// ctx: the mrkdwn context plus onAction(element, blockId) for buttons.

import { mrkdwn, textObject } from './mrkdwn.js';

function el(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

function safeUrl(url) {
  return typeof url === 'string' && /^(https?:|mailto:)/i.test(url) ? url : undefined;
}

/** A button, link button or (unsupported) interactive element. */
export function element(blockElement, blockId, ctx) {
  if (blockElement?.type === 'button') {
    const url = safeUrl(blockElement.url);
    const label = blockElement.text?.text ?? 'Button';
    if (url) {
      const a = el('a', `btn ${blockElement.style ?? ''}`.trim(), label);
      a.href = url;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      return a;
    }
    const b = el('button', `btn ${blockElement.style ?? ''}`.trim(), label);
    b.type = 'button';
    b.dataset.actionId = blockElement.action_id ?? '';
    b.addEventListener('click', () => ctx.onAction(blockElement, blockId, b));
    return b;
  }
  if (blockElement?.type === 'image') return imageAlt(blockElement);
  if (blockElement?.type === 'mrkdwn' || blockElement?.type === 'plain_text')
    return el('span', 'context-text', textObject(blockElement, ctx));
  return el('span', 'unsupported', `[${blockElement?.type ?? 'element'} is not shown in the sandbox]`);
}

function imageAlt(blockElement) {
  const url = safeUrl(blockElement.image_url);
  const alt = blockElement.alt_text || 'image';
  if (!url) return el('span', 'image-alt', `🖼 ${alt}`);
  const a = el('a', 'image-alt', `🖼 ${alt}`);
  a.href = url;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  return a;
}

let sectionIds = 0;

const RENDERERS = {
  section(blockValue, ctx) {
    const node = el('div', 'block section');
    const main = el('div', 'section-main');
    const text = blockValue.text ? el('div', 'section-text', textObject(blockValue.text, ctx)) : undefined;
    if (text) main.append(text);
    if (blockValue.fields?.length)
      main.append(el('div', 'fields', ...blockValue.fields.map((f) => el('div', 'field', textObject(f, ctx)))));
    node.append(main);
    if (blockValue.accessory) {
      const control = element(blockValue.accessory, blockValue.block_id, ctx);
      // Many rows have a "Done": a screen reader also hears which row it is on.
      if (text && control.matches('button, a')) {
        text.id = `section-text-${++sectionIds}`;
        control.setAttribute('aria-describedby', text.id);
      }
      node.append(el('div', 'accessory', control));
    }
    return node;
  },
  header(blockValue) {
    return el('h3', 'block header', blockValue.text?.text ?? '');
  },
  context(blockValue, ctx) {
    return el('div', 'block context', ...(blockValue.elements ?? []).map((e) => element(e, blockValue.block_id, ctx)));
  },
  divider() {
    return el('hr', 'block divider');
  },
  actions(blockValue, ctx) {
    return el('div', 'block actions', ...(blockValue.elements ?? []).map((e) => element(e, blockValue.block_id, ctx)));
  },
  image(blockValue) {
    return el('div', 'block image', imageAlt(blockValue));
  },
};

/** Renders a list of blocks; `text` is the fallback when there are none. */
export function renderBlocks(blocks, ctx) {
  const frag = document.createDocumentFragment();
  for (const b of blocks ?? []) {
    const render = RENDERERS[b.type];
    if (render) frag.append(render(b, ctx));
    else if (b.text) frag.append(el('div', 'block', textObject(b.text, ctx)));
    else frag.append(el('div', 'block unsupported', `[${b.type} block]`));
  }
  return frag;
}

/** Legacy attachments: a coloured bar with their blocks, or their text. */
export function renderAttachments(attachments, ctx) {
  const frag = document.createDocumentFragment();
  for (const a of attachments ?? []) {
    const node = el('div', 'attachment');
    if (typeof a.color === 'string' && /^#?[0-9a-f]{3,8}$/i.test(a.color)) {
      node.style.borderLeftColor = a.color.startsWith('#') ? a.color : `#${a.color}`;
    }
    if (a.title) node.append(el('div', 'attachment-title', String(a.title)));
    if (Array.isArray(a.blocks)) node.append(renderBlocks(a.blocks, ctx));
    else if (a.text || a.fallback) node.append(el('div', '', mrkdwn(String(a.text ?? a.fallback), ctx)));
    frag.append(node);
  }
  return frag;
}
