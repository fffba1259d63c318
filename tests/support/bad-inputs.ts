import type { Workspace } from '@firebreak/slack-emulator/workspace';
import { sql } from 'kysely';
import type { Harness } from './harness';

/** A user id that is not in the emulated workspace: a mention of it can only come from typed text. */
export const FOREIGN_USER = 'UMALLORY';

/** Awkward and hostile text for every place a person can type. Names are test titles; texts stay out of them. */
export const BAD_INPUTS: readonly (readonly [name: string, text: string])[] = [
  ['empty', ''],
  ['only whitespace and newlines', ' \n\t \n  '],
  ['5,000 characters', 'The database is on fire. '.repeat(200)],
  // An odd offset before astral characters: any cut at an even length splits a surrogate pair.
  // Known bug, reported: several places cut user text with String#slice and leave half an emoji.
  ['5,000 characters of emoji', `a${'😀'.repeat(2500)}`],
  ['emoji and ZWJ sequences', '🔥 👩‍👩‍👧‍👦 🏳️‍🌈 🧑🏽‍💻 checkout down'],
  ['RTL text with U+202E', 'مرحبا بالعالم \u202Etxt.exe'],
  ['broadcast mentions', '<!channel> <!here> <!everyone> <!subteam^S0123|oncall> wake up'],
  ['a mention of someone outside the workspace', `<@${FOREIGN_USER}|mallory> look here`],
  ['SQL injection', "'; DROP TABLE incidents; --"],
  ['LIKE wildcards and backslashes', '%_\\ 100% \\\\'],
  ['an unknown incident number', 'INC-99999999999'],
];

export const inputNamed = (name: string): string => {
  const found = BAD_INPUTS.find(([n]) => n === name);
  if (!found) throw new Error(`no bad input named ${name}`);
  return found[1];
};

/** The tables whose rows a command may change. */
export const TABLES = [
  'incidents',
  'incident_events',
  'incident_participants',
  'timeline_entries',
  'followups',
  'reminders',
  'incident_subscribers',
  'reviews',
  'declare_sources',
  'workflow_steps',
] as const;
export type Table = (typeof TABLES)[number];

export interface Snapshot {
  rows: Record<Table, string[]>;
  /** Every conversation's messages, pins, topics, members and archive flags, as Slack holds them. */
  slack: string;
  calls: number;
  deliveries: number;
  ephemerals: number;
  views: Set<string>;
}

/** Everything a command could change: rows (one round trip) and the emulated workspace. */
export async function snapshot(h: Harness): Promise<Snapshot> {
  const cols = TABLES.map((t) => `(select coalesce(json_agg(t), '[]'::json)::text from ${t} t) as ${t}`).join(', ');
  const res = await sql<Record<Table, string>>`select ${sql.raw(cols)}`.execute(h.db);
  const row = res.rows[0];
  const rows = Object.fromEntries(
    TABLES.map((t) => [t, (JSON.parse(row[t]) as unknown[]).map((r) => JSON.stringify(r)).sort()]),
  ) as Record<Table, string[]>;
  const ws = h.emulator.workspace;
  return {
    rows,
    slack: slackState(ws),
    calls: ws.calls.length,
    deliveries: ws.deliveries.length,
    ephemerals: ws.ephemerals.length,
    views: new Set(ws.views.keys()),
  };
}

function slackState(ws: Workspace): string {
  return JSON.stringify({
    messages: [...ws.messages.entries()],
    pins: [...ws.pins.entries()],
    channels: [...ws.channels.values()],
    files: [...ws.files.keys()],
  });
}

export interface Delta {
  added: number;
  removed: number;
}

/** Rows added and removed per table (a changed row counts as one removed and one added). */
export function rowDelta(before: Snapshot, after: Snapshot): Record<Table, Delta> {
  const out = {} as Record<Table, Delta>;
  for (const t of TABLES) {
    const count = (rows: string[]) => rows.reduce((m, r) => m.set(r, (m.get(r) ?? 0) + 1), new Map<string, number>());
    const a = count(before.rows[t]);
    const b = count(after.rows[t]);
    let added = 0;
    let removed = 0;
    for (const [r, n] of b) added += Math.max(0, n - (a.get(r) ?? 0));
    for (const [r, n] of a) removed += Math.max(0, n - (b.get(r) ?? 0));
    out[t] = { added, removed };
  }
  return out;
}

/** Rows of one table that were added since `before`, parsed. */
export function addedRows(before: Snapshot, after: Snapshot, table: Table): Record<string, unknown>[] {
  const had = new Set(before.rows[table]);
  return after.rows[table].filter((r) => !had.has(r)).map((r) => JSON.parse(r) as Record<string, unknown>);
}

export const slackUnchanged = (before: Snapshot, after: Snapshot): boolean => before.slack === after.slack;

/** Slack Web API methods that change what people see. */
const WRITES =
  /^(chat\.(postMessage|update|delete|scheduleMessage)|conversations\.(create|invite|kick|archive|setTopic|setPurpose|join|rename)|pins\.|reactions\.add|files\.)/;
export const isSlackWrite = (method: string): boolean => WRITES.test(method);

/** Text Slack renders as mrkdwn in one message-like payload: `text`, and every mrkdwn text object in blocks. */
export function mrkdwnOf(payload: {
  text?: unknown;
  blocks?: unknown;
  topic?: unknown;
  initial_comment?: unknown;
}): string[] {
  const out: string[] = [];
  for (const key of ['text', 'topic', 'initial_comment'] as const)
    if (typeof payload[key] === 'string') out.push(payload[key] as string);
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      for (const v of Object.values(o)) walk(v);
    }
  };
  let blocks = payload.blocks;
  if (typeof blocks === 'string') {
    try {
      blocks = JSON.parse(blocks);
    } catch {
      // not JSON: Slack would have refused it, and another check reports that
    }
  }
  walk(blocks);
  return out;
}

/** Pings nobody asked for: broadcasts, user groups, and mentions of people who are not in the workspace. */
export function unwantedPings(texts: string[], ws: Workspace, allowedUsers: readonly string[] = []): string[] {
  const found: string[] = [];
  for (const t of texts) {
    for (const m of t.matchAll(/<!(channel|here|everyone|subteam\^[^>|]*)[^>]*>/g)) found.push(m[0]);
    for (const m of t.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g)) {
      if (!ws.users.has(m[1]) && !allowedUsers.includes(m[1])) found.push(m[0]);
    }
  }
  return found;
}

/** Every string inside a value (texts, blocks, views), for checks that must not see JSON escapes. */
export function allStrings(node: unknown, out: string[] = []): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) for (const n of node) allStrings(n, out);
  else if (node && typeof node === 'object') for (const v of Object.values(node)) allStrings(v, out);
  return out;
}

/** What a person must never read: leaked internals, or text cut in the middle of a character. */
export function leaks(text: string): string[] {
  const problems: string[] = [];
  if (/\bundefined\b/.test(text)) problems.push('undefined');
  if (/\bNaN\b/.test(text)) problems.push('NaN');
  if (text.includes('[object Object]')) problems.push('[object Object]');
  if (/\n\s+at .+[(:]\d+:\d+\)?/.test(text) || /\b(TypeError|ReferenceError|RangeError|SyntaxError):/.test(text))
    problems.push('stack trace');
  if (
    /syntax error at or near|relation "[^"]+" does not exist|violates [a-z ]*constraint|invalid input syntax|duplicate key value|out of range for type|invalid byte sequence|unterminated quoted/i.test(
      text,
    )
  ) {
    problems.push('SQL error');
  }
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text))
    problems.push('half a surrogate pair (a character cut in two)');
  if (text.includes("Something went wrong on Firebreak's side"))
    problems.push('the generic failure text (the input crashed a handler)');
  return problems;
}
