/**
 * The review's Markdown as Confluence storage format (XHTML): headings, paragraphs, bold and italic, inline code,
 * fenced and indented code (the `code` macro, its text in CDATA), tables, bullet and numbered lists (nested), block
 * quotes, rules and links. Pure string work. Whatever the Markdown holds, the output is well-formed XML: every piece
 * of text is escaped, no raw HTML passes through (it shows as the text it is), a `]]>` inside code is split across
 * two CDATA sections, and characters XML cannot carry are dropped. Unclosed fences run to the end, stray pipes stay
 * text, and nesting is capped, so hostile input costs neither the page nor the stack.
 */

/** Lists nested deeper than this are flattened onto the deepest level; emphasis deeper than this stays literal. */
const MAX_LIST_DEPTH = 8;
const MAX_INLINE_DEPTH = 8;
/**
 * How far ahead a span's end is looked for (emphasis, code, a link's target): past it the mark stays literal. Keeps a
 * line of thousands of unmatched marks linear rather than quadratic.
 */
const MAX_SPAN = 4000;

/** XML 1.0 has no place for C0 controls (save tab and newlines), lone surrogates or U+FFFE/FFFF; C1 controls go too. */
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: dropping control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const xmlSafe = (text: string): string => text.replace(NOT_XML, '');

/** Text for an element's content or an attribute's value. */
export function escapeXml(text: string): string {
  return xmlSafe(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Code as the `code` macro's plain-text body: CDATA cannot hold `]]>`, so each one is split across two sections. */
function codeMacro(code: string, language: string): string {
  const lang = /^[A-Za-z0-9_+#.-]{1,32}$/.test(language)
    ? `<ac:parameter ac:name="language">${escapeXml(language.toLowerCase())}</ac:parameter>`
    : '';
  const body = xmlSafe(code).replaceAll(']]>', ']]]]><![CDATA[>');
  return `<ac:structured-macro ac:name="code">${lang}<ac:plain-text-body><![CDATA[${body}]]></ac:plain-text-body></ac:structured-macro>`;
}

// ---------------------------------------------------------------- inline

const PUNCTUATION = /[!-/:-@[-`{-~]/;
const SAFE_URL = /^(https?:\/\/|mailto:)[^\s<>]*$/i;

/** A link's target when it is one a reader may follow (http, https, mailto); anything else shows as text. */
const safeUrl = (url: string): string | undefined => (SAFE_URL.test(url) ? url : undefined);

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/** Where `delim` closes after `from` (not escaped, not inside a code span), for emphasis that holds something. */
function closingOf(text: string, from: number, delim: string): number {
  const end = Math.min(text.length, from + MAX_SPAN);
  for (let i = from; i < end; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '`') {
      const run = runOf(text, i, '`');
      const close = findRun(text, i + run, run);
      if (close > 0) {
        i = close + run - 1;
        continue;
      }
      i += run - 1;
      continue;
    }
    if (!text.startsWith(delim, i) || i === from) continue;
    // `*` alone must not be the first of a `**` (nor `**` part of a `***` run's middle).
    if (delim.length === 1 && (text[i + 1] === c || text[i - 1] === c)) {
      i += runOf(text, i, c) - 1;
      continue;
    }
    if (/\s/.test(text[i - 1])) continue;
    // `snake_case_name`: an underscore inside a word emphasises nothing.
    if (c === '_' && isWordChar(text[i + delim.length])) continue;
    return i;
  }
  return -1;
}

function runOf(text: string, at: number, c: string): number {
  let n = 0;
  while (text[at + n] === c) n++;
  return n;
}

/** Inline Markdown as XHTML: everything not recognised as markup is text, escaped. */
export function inline(text: string, depth = 0): string {
  let out = '';
  let plain = '';
  const flush = () => {
    out += escapeXml(plain);
    plain = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '\\' && next === '\n') {
      flush();
      out += '<br />';
      i++;
      continue;
    }
    if (c === '\\' && next !== undefined && PUNCTUATION.test(next)) {
      plain += next;
      i++;
      continue;
    }
    if (c === '\n') {
      // Two trailing spaces before a line break are a hard break too.
      if (plain.endsWith('  ')) {
        plain = plain.trimEnd();
        flush();
        out += '<br />';
      } else plain = `${plain.trimEnd()}\n`;
      continue;
    }
    if (c === '`') {
      const run = runOf(text, i, '`');
      const close = findRun(text, i + run, run);
      if (close < 0) {
        plain += '`'.repeat(run);
        i += run - 1;
        continue;
      }
      let code = text.slice(i + run, close).replace(/\n/g, ' ');
      if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim()) code = code.slice(1, -1);
      flush();
      out += `<code>${escapeXml(code)}</code>`;
      i = close + run - 1;
      continue;
    }
    if (c === '<') {
      const auto = /^<((?:https?:\/\/|mailto:)[^\s<>]+)>/i.exec(text.slice(i, i + 2048));
      if (auto) {
        flush();
        out += `<a href="${escapeXml(auto[1])}">${escapeXml(auto[1])}</a>`;
        i += auto[0].length - 1;
        continue;
      }
    }
    if (c === '[') {
      const link = linkAt(text, i);
      if (link) {
        flush();
        const label = depth < MAX_INLINE_DEPTH ? inline(link.label, depth + 1) : escapeXml(link.label);
        const url = safeUrl(link.url);
        out += url ? `<a href="${escapeXml(url)}">${label || escapeXml(url)}</a>` : `${label} (${escapeXml(link.url)})`;
        i = link.end - 1;
        continue;
      }
    }
    if ((c === '*' || c === '_') && depth < MAX_INLINE_DEPTH) {
      const run = runOf(text, i, c);
      const opensWord =
        !(c === '_' && isWordChar(text[i - 1])) && next !== undefined && !/\s/.test(text[i + run] ?? ' ');
      if (opensWord) {
        const strong = run >= 2 ? c + c : '';
        if (strong) {
          const close = closingOf(text, i + 2, strong);
          if (close > i + 2) {
            flush();
            out += `<strong>${inline(text.slice(i + 2, close), depth + 1)}</strong>`;
            i = close + 1;
            continue;
          }
        }
        if (run === 1) {
          const close = closingOf(text, i + 1, c);
          if (close > i + 1) {
            flush();
            out += `<em>${inline(text.slice(i + 1, close), depth + 1)}</em>`;
            i = close;
            continue;
          }
        }
      }
      plain += c.repeat(run);
      i += run - 1;
      continue;
    }
    plain += c;
  }
  flush();
  return out;
}

/** The next run of exactly `run` backticks at or after `from`. */
function findRun(text: string, from: number, run: number): number {
  for (let i = text.indexOf('`', from); i >= 0 && i < from + MAX_SPAN; i = text.indexOf('`', i)) {
    const n = runOf(text, i, '`');
    if (n === run) return i;
    i += n;
  }
  return -1;
}

/** `[label](url)` or `[label](url "title")` at `at`: no nested brackets in the label, balanced parentheses in the url. */
function linkAt(text: string, at: number): { label: string; url: string; end: number } | undefined {
  let i = at + 1;
  const end = Math.min(text.length, at + MAX_SPAN);
  for (; i < end && text[i] !== ']'; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '[' || text[i] === '\n') return undefined;
  }
  if (text[i] !== ']' || text[i + 1] !== '(') return undefined;
  const label = text.slice(at + 1, i);
  let depth = 0;
  let j = i + 2;
  for (; j < end; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) break;
      depth--;
    } else if (c === '\n') return undefined;
  }
  if (text[j] !== ')') return undefined;
  const target = text.slice(i + 2, j).trim();
  const m = /^(\S*)(?:\s+(?:"[^"]*"|'[^']*'))?$/.exec(target);
  if (!m) return undefined;
  const url = m[1].replace(/^<(.*)>$/, '$1').replace(/\\([!-/:-@[-`{-~])/g, '$1');
  return { label, url, end: j + 1 };
}

// ---------------------------------------------------------------- blocks

const FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*([^`]*)$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const ITEM = /^( *)([-+*]|\d{1,9}[.)])(?:( +)(.*))?$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const DELIMITER_ROW = /^ *\|? *:?-+:? *(?:\| *:?-+:? *)*\|? *$/;

const blank = (line: string): boolean => line.trim() === '';

/** A block's lines as one text for inline(): trimmed, a line's two trailing spaces (a hard break) kept as a backslash. */
const joined = (lines: readonly string[]): string =>
  lines.map((line, k) => (k < lines.length - 1 && / {2,}$/.test(line) ? `${line.trim()}\\` : line.trim())).join('\n');
const indentOf = (line: string): number => line.length - line.trimStart().length;

/** A table's cells: split on pipes a backslash does not escape; the outer pipes are optional. */
function cellsOf(row: string): string[] {
  let line = row.trim();
  if (line.startsWith('|')) line = line.slice(1);
  if (line.endsWith('|') && !line.endsWith('\\|')) line = line.slice(0, -1);
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\' && line[i + 1] === '|') {
      cell += '\\|';
      i++;
    } else if (line[i] === '|') {
      cells.push(cell.trim());
      cell = '';
    } else cell += line[i];
  }
  cells.push(cell.trim());
  return cells;
}

/** Starts a block of its own (it ends a paragraph). */
function startsBlock(line: string, next: string | undefined): boolean {
  return (
    FENCE.test(line) ||
    HEADING.test(line) ||
    RULE.test(line) ||
    QUOTE.test(line) ||
    isItem(line) ||
    (line.includes('|') && next !== undefined && DELIMITER_ROW.test(next) && next.includes('-'))
  );
}

function isItem(line: string): boolean {
  const m = ITEM.exec(line);
  // A bare marker ends a paragraph only when it is `-`/`*`/`+` or `1.` alone would be an empty item: kept simple.
  return !!m && (m[4] !== undefined || line.trim().length === m[2].length);
}

/** The whole document: one string of storage format. */
export function toStorageFormat(markdown: string): string {
  const lines = xmlSafe(markdown).replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n');
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (blank(line)) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1];
      const body: string[] = [];
      i++;
      // An unclosed fence runs to the end of the document, as CommonMark reads it.
      while (i < lines.length) {
        const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(lines[i]);
        if (close && close[1][0] === marker[0] && close[1].length >= marker.length) break;
        body.push(lines[i]);
        i++;
      }
      i++;
      out.push(codeMacro(body.join('\n'), fence[2].trim().split(/\s+/)[0] ?? ''));
      continue;
    }
    if (indentOf(line) >= 4) {
      const body: string[] = [];
      while (i < lines.length && (indentOf(lines[i]) >= 4 || blank(lines[i]))) body.push(lines[i++].slice(4));
      while (body.length && blank(body[body.length - 1])) body.pop();
      out.push(codeMacro(body.join('\n'), ''));
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const level = heading[1].length;
      out.push(`<h${level}>${inline(heading[2] ?? '')}</h${level}>`);
      i++;
      continue;
    }
    if (RULE.test(line)) {
      out.push('<hr />');
      i++;
      continue;
    }
    if (line.includes('|') && i + 1 < lines.length && DELIMITER_ROW.test(lines[i + 1]) && lines[i + 1].includes('-')) {
      i = table(lines, i, out);
      continue;
    }
    if (QUOTE.test(line)) {
      const body: string[] = [];
      for (let m = QUOTE.exec(lines[i]); i < lines.length && m; m = QUOTE.exec(lines[++i] ?? '')) body.push(m[1]);
      out.push(`<blockquote>${paragraphs(body)}</blockquote>`);
      continue;
    }
    if (isItem(line)) {
      i = list(lines, i, out);
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && !blank(lines[i]) && (para.length === 0 || !startsBlock(lines[i], lines[i + 1])))
      para.push(lines[i++]);
    out.push(`<p>${inline(joined(para))}</p>`);
  }
  return out.join('');
}

/** Lines of a quote: paragraphs split at blank lines. */
function paragraphs(lines: string[]): string {
  const out: string[] = [];
  let current: string[] = [];
  for (const line of [...lines, '']) {
    if (blank(line)) {
      if (current.length) out.push(`<p>${inline(joined(current))}</p>`);
      current = [];
    } else current.push(line);
  }
  return out.join('');
}

function table(lines: string[], start: number, out: string[]): number {
  const header = cellsOf(lines[start]);
  const width = header.length;
  const row = (cells: string[], tag: 'th' | 'td') => {
    const fitted = Array.from({ length: width }, (_, k) => cells[k] ?? '');
    return `<tr>${fitted.map((cell) => `<${tag}>${inline(cell)}</${tag}>`).join('')}</tr>`;
  };
  const rows = [row(header, 'th')];
  let i = start + 2;
  while (i < lines.length && !blank(lines[i]) && lines[i].includes('|') && !FENCE.test(lines[i]))
    rows.push(row(cellsOf(lines[i++]), 'td'));
  out.push(`<table><tbody>${rows.join('')}</tbody></table>`);
  return i;
}

interface OpenList {
  tag: 'ul' | 'ol';
  /** The marker's column. */
  marker: number;
  /** Where the item's text starts: a line indented this far continues the item, or nests a list in it. */
  content: number;
}

/**
 * A list and the lists nested in it, built with an explicit stack (no recursion: a thousand levels of nesting cost
 * no stack), and levels past MAX_LIST_DEPTH kept on the deepest one.
 */
function list(lines: string[], start: number, out: string[]): number {
  const stack: OpenList[] = [];
  let html = '';
  let text: string[] = [];
  const flushText = () => {
    if (text.length) html += inline(joined(text));
    text = [];
  };
  let i = start;
  while (i < lines.length) {
    const line = lines[i];
    if (blank(line)) {
      // A blank line ends the list unless the list goes on after it.
      let j = i + 1;
      while (j < lines.length && blank(lines[j])) j++;
      const next = lines[j];
      if (next === undefined || !(isItem(next) || indentOf(next) >= (stack[0]?.content ?? 2))) break;
      if (!isItem(next) && text.length) text.push('');
      i = j;
      continue;
    }
    const m = isItem(line) ? ITEM.exec(line) : null;
    if (!m) {
      const top = stack[stack.length - 1];
      // Not indented into the item and not a lazy continuation of its text: the list is over.
      if (indentOf(line) < (top?.content ?? 0) && (startsBlock(line, lines[i + 1]) || !text.length)) break;
      text.push(line);
      i++;
      continue;
    }
    const marker = m[1].length;
    const tag = /\d/.test(m[2]) ? 'ol' : 'ul';
    const content = marker + m[2].length + Math.min(m[3]?.length ?? 1, 4);
    flushText();
    const top = stack[stack.length - 1];
    if (top && marker >= top.content && stack.length < MAX_LIST_DEPTH) {
      stack.push({ tag, marker, content });
      html += `<${tag}><li>`;
    } else {
      while (stack.length > 1 && marker < stack[stack.length - 1].marker) {
        html += `</li></${stack.pop()!.tag}>`;
      }
      const level = stack[stack.length - 1];
      if (!level) {
        stack.push({ tag, marker, content });
        html += `<${tag}><li>`;
      } else if (level.tag !== tag && stack.length > 0 && marker <= level.marker) {
        html += `</li></${level.tag}><${tag}><li>`;
        stack[stack.length - 1] = { tag, marker, content };
      } else {
        html += '</li><li>';
        stack[stack.length - 1] = { ...level, content };
      }
    }
    text.push(m[4] ?? '');
    i++;
  }
  flushText();
  while (stack.length) html += `</li></${stack.pop()!.tag}>`;
  out.push(html);
  return i;
}
