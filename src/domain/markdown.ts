/**
 * Turning user text (titles, answers, Slack messages, names) into Markdown that
 * shows the text and nothing else: no heading, list, link, image, HTML, table
 * cell or code block can be smuggled in. Pure string work, no Slack SDK.
 */

/** What a Slack user id renders as; missing people render as the raw id. */
export type PeopleNames = Readonly<Record<string, { name: string } | undefined>>;

/**
 * Inline Markdown syntax, escaped with a backslash everywhere (CommonMark allows
 * a backslash before any ASCII punctuation, and it then renders the character
 * itself). `$` too: GitHub renders `$…$` as math, which mangles "$5k and $10k".
 * `&` only when it would start a character reference (`&lt;`, `&#60;`), so
 * "R&D" stays readable in the raw file.
 */
const INLINE_SPECIAL = /[\\`*_[\]<>#|~$]|&(?=#?[A-Za-z0-9]+;)/g;
/** Block syntax that only means something at the start of a line: lists, thematic breaks, setext underlines. */
const LINE_START_MARK = /^([ \t]*)([-+=])/gm;
/** Ordered list markers `1.` and `1)`. */
const LINE_START_ORDERED = /^([ \t]*\d+)([.)])/gm;

function escapeSpecials(text: string): string {
  return text.replace(INLINE_SPECIAL, '\\$&');
}

/**
 * One line of user text for a context that is already inline (a heading, a list
 * item after its label, a table cell): whitespace including newlines collapses
 * to single spaces, so nothing can start a new line or a new table row.
 */
export function escapeInline(text: string): string {
  return escapeSpecials(text.replace(/\s+/g, ' ').trim());
}

/** Escapes one line that will stand at the start of a Markdown line. */
function escapeLine(line: string): string {
  return escapeSpecials(line).replace(LINE_START_MARK, '$1\\$2').replace(LINE_START_ORDERED, '$1\\$2');
}

/**
 * Non-blank lines of `text`, trimmed and escaped. Leading indentation is dropped
 * on purpose: four spaces would otherwise turn a paragraph into a code block.
 */
function escapedLines(text: string): string[] {
  if (!text.includes('\n') && !text.includes('\r')) {
    const line = text.trim();
    return [line ? escapeLine(line) : ''];
  }
  const out: string[] = [];
  for (const raw of text.split(/\r\n?|\n/)) {
    const line = raw.trim();
    out.push(line ? escapeLine(line) : '');
  }
  return out;
}

/**
 * Multi-line user text as paragraphs: blank lines separate paragraphs, single
 * line breaks are kept as hard breaks (a trailing backslash, which unlike two
 * trailing spaces survives editors). Returns '' for blank text.
 */
export function escapeBlock(text: string): string {
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (const line of escapedLines(text)) {
    if (line) {
      current.push(line);
    } else if (current.length) {
      paragraphs.push(current.join('\\\n'));
      current = [];
    }
  }
  if (current.length) paragraphs.push(current.join('\\\n'));
  return paragraphs.join('\n\n');
}

/**
 * Multi-line user text inside a list item: all non-blank lines joined by hard
 * breaks, continuation lines indented by `indent` so they stay in the item.
 * Blank lines are dropped (they would end the item); the words are all kept.
 */
export function escapeListItemText(text: string, indent: string): string {
  let out = '';
  for (const line of escapedLines(text)) {
    if (!line) continue;
    out = out ? `${out}\\\n${indent}${line}` : line;
  }
  return out;
}

/** `@name` for a Slack user id: the display name when known, else the raw id. */
export function personName(id: string, people: PeopleNames): string {
  return `@${people[id]?.name || id}`;
}

/** Slack's three entities; `&amp;` last, so `&amp;lt;` becomes `&lt;`, not `<`. */
export function unescapeSlack(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * Slack's angle-bracket tokens: `<@U1>`, `<@U1|name>`, `<#C1|name>`, `<!here>`,
 * `<!subteam^S1|@team>`, `<!date^…|fallback>`, `<https://x|label>`, `<mailto:a@b|a@b>`.
 * Anything else in angle brackets is left as literal text.
 */
const SLACK_TOKEN = /<(?:([@#!])([^<>|]*)|([A-Za-z][A-Za-z0-9+.-]*:[^<>|\s]*))(?:\|([^<>]*))?>/g;

function renderToken(
  sigil: string | undefined,
  id: string | undefined,
  url: string | undefined,
  rawLabel: string | undefined,
  people: PeopleNames,
): string {
  const label = rawLabel === undefined ? undefined : unescapeSlack(rawLabel);
  if (url !== undefined) {
    const target = unescapeSlack(url);
    if (!label || label === target || `mailto:${label}` === target) return label || target;
    return `${label} (${target})`;
  }
  const ref = id ?? '';
  if (sigil === '@') return `@${people[ref]?.name || label || ref}`;
  if (sigil === '#') return `#${label || ref}`;
  // `<!channel>`, `<!here>`, `<!subteam^S1|@team>`: plain text, so nothing pings anyone.
  if (label) return label;
  return `@${ref.split('^')[0]}`;
}

/**
 * Slack mrkdwn as typed in a channel → plain text: mentions become `@name`,
 * channels `#name`, links `label (url)`, entities are decoded. The result is
 * still user text: escape it before putting it in Markdown.
 */
export function slackToPlain(text: string, people: PeopleNames): string {
  if (!text.includes('<') && !text.includes('&')) return text;
  let out = '';
  let last = 0;
  SLACK_TOKEN.lastIndex = 0;
  for (let m = SLACK_TOKEN.exec(text); m; m = SLACK_TOKEN.exec(text)) {
    out += unescapeSlack(text.slice(last, m.index)) + renderToken(m[1], m[2], m[3], m[4], people);
    last = m.index + m[0].length;
  }
  return out + unescapeSlack(text.slice(last));
}

/**
 * Cuts plain (not yet escaped) text to `max` characters with `note` appended;
 * never splits a surrogate pair. Escape after cutting, so no escape is cut in half.
 */
export function truncatePlain(text: string, max: number, note: string): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end) + note;
}
