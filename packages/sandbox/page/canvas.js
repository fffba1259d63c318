// A channel canvas's markdown, drawn as Slack's Canvas tab would: headings, lists, quotes, rules, paragraphs,
// bold, italic, code, links (http and https only) and mentions (`![](@U…)`, `![](#C…)`). Built from DOM nodes
// and text nodes only, never as HTML: the canvas holds people's text.

/**
 * @param {string} tag
 * @param {string} className
 * @param {(Node | string)[]} children
 */
function el(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

/** Inline markdown: `\x` escapes, `**bold**`, `_italic_`, `` `code` ``, `[label](url)`, `![](@U1)` mentions. */
const INLINE =
  /\\([\\`*_[\]<>#|~$!&()+=.-])|\*\*(.+?)\*\*|(?<![\w\\])_(.+?)_(?!\w)|`([^`]+)`|!\[\]\(([@#])([A-Z0-9]+)\)|\[((?:\\.|[^\]\\])*)\]\((https?:\/\/[^\s)]+)\)/g;

/**
 * @param {string} text
 * @param {{ userName: (id: string) => string | undefined, channelName: (id: string) => string | undefined }} ctx
 * @returns {(Node | string)[]}
 */
export function inline(text, ctx) {
  /** @type {(Node | string)[]} */
  const out = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(el('strong', '', ...inline(m[2], ctx)));
    else if (m[3] !== undefined) out.push(el('em', '', ...inline(m[3], ctx)));
    else if (m[4] !== undefined) out.push(el('code', '', m[4]));
    else if (m[5] === '@') out.push(el('span', 'mention', `@${ctx.userName(m[6]) ?? m[6]}`));
    else if (m[5] === '#') out.push(el('span', 'mention', `#${ctx.channelName(m[6]) ?? m[6]}`));
    else {
      const a = /** @type {HTMLAnchorElement} */ (el('a', '', ...inline(m[7], ctx)));
      a.href = m[8];
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      out.push(a);
    }
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/**
 * The canvas as a document: one block per markdown block.
 * @param {string} markdown
 * @param {{ userName: (id: string) => string | undefined, channelName: (id: string) => string | undefined }} ctx
 */
export function renderCanvas(markdown, ctx) {
  const doc = el('article', 'canvas-doc');
  /** @type {HTMLElement | null} */
  let list = null;
  /** @type {HTMLElement | null} */
  let paragraph = null;
  for (const line of markdown.split('\n')) {
    const heading = /^(#{1,3}) (.*)$/.exec(line);
    const item = /^- (.*)$/.exec(line);
    if (!item) list = null;
    if (!line.trim() || heading || item || line.startsWith('>') || line === '---') paragraph = null;
    if (!line.trim()) continue;
    if (heading) doc.append(el(`h${heading[1].length + 1}`, 'canvas-heading', ...inline(heading[2], ctx)));
    else if (item) {
      if (!list) {
        list = el('ul', 'canvas-list');
        doc.append(list);
      }
      list.append(el('li', '', ...inline(item[1], ctx)));
    } else if (line.startsWith('>')) doc.append(el('blockquote', '', ...inline(line.replace(/^> ?/, ''), ctx)));
    else if (line === '---') doc.append(el('hr', ''));
    else if (paragraph) paragraph.append(el('br', ''), ...inline(line.replace(/\\$/, ''), ctx));
    else {
      paragraph = el('p', '', ...inline(line.replace(/\\$/, ''), ctx));
      doc.append(paragraph);
    }
  }
  return doc;
}
