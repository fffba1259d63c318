import type { IncidentOrigin } from './alerts';
import { formatDuration } from './duration';
import { drillMark, incidentRef } from './incident';
import { incidentFieldLines } from './incident-types';
import {
  escapeBlock,
  escapeInline,
  escapeListItemText,
  type PeopleNames,
  personName,
  slackToPlain,
  truncatePlain,
} from './markdown';
import { type FeedbackEntry, REVIEW_QUESTIONS, type ReviewData } from './review';
import { MISSING, timeFormatter, timelineFormatter } from './review-clock';
import { computeReviewMetrics, type ReviewMetrics, type UpdateCadence } from './review-metrics';
import { STATUS_LABEL } from './status';
import type { KeyReason, TimelineEntry } from './timeline';

/**
 * The post-incident review as a Markdown file: a pure function of ReviewData,
 * byte-for-byte the same for the same data (no clock, no default locale, a total
 * order on the timeline). Every piece of user text goes through markdown.ts.
 * Built as one array of lines joined once: 10,000 entries stay linear.
 */

/** A key-timeline cell longer than this (plain characters) is cut; the appendix keeps the full text. */
export const KEY_CELL_MAX = 500;
export const TRUNCATED_NOTE = '… (truncated, see appendix)';

const KEY_MARK: Record<KeyReason, string> = {
  pin: 'Pinned',
  reaction: 'Reaction',
  shortcut: 'Marked key',
  note: 'Note',
  change: 'Change',
};

/** `HighErrorRate` from source `prometheus`, linked to what generated it when the sender said. */
function originLine(origin: IncidentOrigin): string {
  const name = escapeInline(origin.alertName);
  const from = `${name} (source ${escapeInline(origin.source)})`;
  return origin.url ? `${from}, [generator](${origin.url.replace(/\(/g, '%28').replace(/\)/g, '%29')})` : from;
}

export function renderReviewDocument(data: ReviewData): string {
  const { incident, people } = data;
  const metrics = computeReviewMetrics(data);
  const commanderTz = incident.roles.commander ? (people[incident.roles.commander]?.tz ?? null) : null;
  const time = timeFormatter(commanderTz);
  const who = nameFormatter(people);
  const entries = orderTimeline(data.timeline);
  const out: string[] = [];

  out.push(`# ${drillMark(incident)}${incidentRef(incident.number)}: ${escapeInline(incident.title)}`, '');
  const role = (id: string | null) => (id ? who(id) : MISSING);
  const participants = [...new Set(data.participants)].map(who).sort(compareNames);
  out.push(
    `- **Severity:** ${incident.severity ?? MISSING}`,
    `- **Category:** ${incident.category ? escapeInline(incident.category) : MISSING}`,
    `- **Status:** ${STATUS_LABEL[incident.status]}`,
    `- **Commander:** ${role(incident.roles.commander)}`,
    `- **Comms:** ${role(incident.roles.comms)}`,
    `- **Scribe:** ${role(incident.roles.scribe)}`,
    ...Object.entries(incident.extraRoles ?? {}).map(([name, id]) => `- **Role ${escapeInline(name)}:** ${who(id)}`),
    `- **Declared by:** ${who(incident.declaredBy)}`,
    `- **Participants:** ${participants.length ? participants.join(', ') : MISSING}`,
    `- **Channel:** #${escapeInline(incident.channelName)}`,
    `- **Private:** ${incident.isPrivate ? 'yes' : 'no'}`,
    ...(incident.origin ? [`- **Opened by alert:** ${originLine(incident.origin)}`] : []),
    // The type and its custom fields; a field a policy change dropped keeps its stored label.
    ...incidentFieldLines(incident, undefined, { user: who, text: escapeInline }).map(
      ({ label, value }) => `- **${escapeInline(label)}:** ${value}`,
    ),
    '',
  );

  renderMetrics(out, metrics, time);

  for (const q of REVIEW_QUESTIONS) {
    if (q.key === 'actionItems') continue; // rendered from the parsed items below
    const answer = escapeBlock(data.answers[q.key] ?? '');
    out.push(`## ${q.label}`, '', answer || '_Not answered._', '');
  }

  out.push('## Action items', '');
  if (data.actionItems.length) {
    // A ticket column only where the tracker has some: a document without tickets reads as it always did.
    const tickets = data.actionItems.some((item) => item.ticket);
    out.push(`| Item | Owner | Due |${tickets ? ' Ticket |' : ''}`, `|---|---|---|${tickets ? '---|' : ''}`);
    for (const item of data.actionItems) {
      const owner = item.owner ? who(item.owner) : item.ownerName ? escapeInline(`@${item.ownerName}`) : MISSING;
      const ticket = !tickets ? '' : item.ticket ? ` ${ticketCell(item.ticket)} |` : ` ${MISSING} |`;
      out.push(`| ${escapeInline(item.text)} | ${owner} | ${item.due ? escapeInline(item.due) : MISSING} |${ticket}`);
    }
  } else {
    out.push('_None._');
  }
  out.push('');

  out.push('## Key timeline', '');
  const key = entries.filter((e) => e.key);
  if (key.length) {
    const at = timelineFormatter(commanderTz);
    out.push('| Time | Who | What |', '|---|---|---|');
    for (const e of key) {
      const text = truncatePlain(oneLine(plainText(e, people)), KEY_CELL_MAX, TRUNCATED_NOTE);
      const mark = `*${KEY_MARK[keyReasonOf(e)]}:*`;
      const thread = isThreadReply(e) ? '↳ ' : '';
      const edited = e.edited ? ' (edited)' : '';
      out.push(`| ${at(e.at)} | ${who(e.author)} | ${thread}${mark} ${escapeInline(text)}${edited} |`);
    }
  } else {
    out.push('_No key entries._');
  }
  out.push('');

  out.push('## Appendix: full timeline', '');
  if (entries.length) {
    const at = timelineFormatter(commanderTz);
    for (const e of entries) {
      const marks: string[] = [];
      if (e.kind !== 'message') marks.push(e.kind);
      if (isThreadReply(e)) marks.push('↳ thread reply');
      // Notes and changes are key by nature: say so only when a message was marked.
      if (e.key && keyReasonOf(e) !== e.kind) marks.push(`key: ${KEY_MARK[keyReasonOf(e)].toLowerCase()}`);
      const label = marks.length ? ` *(${marks.join(', ')})*` : '';
      const text = escapeListItemText(plainText(e, people), '  ') || '_(empty)_';
      out.push(`- ${at(e.at)} · ${who(e.author)}${label}: ${text}${e.edited ? ' (edited)' : ''}`);
    }
  } else {
    out.push('_No entries._');
  }

  renderFeedback(out, data.feedback ?? [], who);
  return `${out.join('\n')}\n`;
}

function renderFeedback(out: string[], feedback: readonly FeedbackEntry[], who: (id: string) => string): void {
  if (!feedback.length) return;
  // Ordered by name then id, so the answers' arrival order does not change the document.
  const rows = feedback
    .map((f) => ({ ...f, name: who(f.user) }))
    .sort((first, second) => compareNames(first.name, second.name) || compareStrings(first.user, second.user));
  out.push(
    '',
    '## Appendix: feedback',
    '',
    '| Who | How well the process worked | What should change |',
    '|---|---|---|',
  );
  for (const f of rows) out.push(`| ${f.name} | ${f.rating}/5 | ${f.change ? escapeInline(f.change) : MISSING} |`);
}

function renderMetrics(out: string[], metrics: ReviewMetrics, time: (d: Date) => string): void {
  const at = (d: Date | null) => (d ? time(d) : MISSING);
  const dur = (ms: number | null) => (ms === null ? MISSING : formatDuration(ms));
  out.push(
    '## Key metrics',
    '',
    `- **Declared:** ${at(metrics.declaredAt)}`,
    `- **Acknowledged:** ${at(metrics.acknowledgedAt)}`,
    `- **Mitigated:** ${at(metrics.mitigatedAt)}`,
    `- **Resolved:** ${at(metrics.resolvedAt)}`,
    `- **Closed:** ${at(metrics.closedAt)}`,
    `- **Time to acknowledge:** ${dur(metrics.timeToAcknowledge)}`,
    `- **Time to mitigate:** ${dur(metrics.timeToMitigate)}`,
    `- **Time to resolve:** ${dur(metrics.timeToResolve)}`,
    `- **Total duration:** ${dur(metrics.totalDuration)}`,
    `- **Update cadence:** ${metrics.cadence ? describeCadence(metrics.cadence) : MISSING}`,
    '',
  );
}

/**
 * `13 updates (target every 30m), longest gap 3h 2m, 6 intervals of 30m without an update, 52% of the time covered`:
 * the target stands in the line so the missed count reads against it.
 */
export function describeCadence(cadence: UpdateCadence): string {
  // Floored: 99.6% kept is not "100%".
  const percent = Math.floor(cadence.keptRatio * 100 + 1e-9);
  const every = formatDuration(cadence.expectedEvery);
  return (
    `${cadence.updates} ${cadence.updates === 1 ? 'update' : 'updates'} (target every ${every}), ` +
    `longest gap ${formatDuration(cadence.longestGap)}, ` +
    `${cadence.missed} ${cadence.missed === 1 ? 'interval' : 'intervals'} of ${every} without an update, ${percent}% of the time covered`
  );
}

/** Why an entry is key; entries flagged without a reason read as marked by hand (notes and changes as themselves). */
const keyReasonOf = (entry: TimelineEntry): KeyReason =>
  entry.keyReason ?? (entry.kind === 'message' ? 'shortcut' : entry.kind);

const isThreadReply = (entry: TimelineEntry): boolean => entry.threadTs !== null && entry.threadTs !== entry.slackTs;

/** Messages and notes are Slack mrkdwn; change descriptions are plain, but may mention people too, and have no `<`/`&amp;` otherwise. */
const plainText = (entry: TimelineEntry, people: PeopleNames): string => slackToPlain(entry.text, people);

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Code-unit order: unlike localeCompare it does not depend on the process locale. */
export function compareStrings(first: string, second: string): number {
  return first < second ? -1 : first > second ? 1 : 0;
}

/** Case-insensitive first (`toLowerCase` is locale-independent, unlike `toLocaleLowerCase`), then exact. */
const compareNames = (first: string, second: string): number =>
  compareStrings(first.toLowerCase(), second.toLowerCase()) || compareStrings(first, second);

const compareNullable = (first: string | null, second: string | null): number =>
  first === second ? 0 : first === null ? -1 : second === null ? 1 : compareStrings(first, second);

/**
 * Oldest first, like sortTimeline, but a total order: ties on time and Slack ts
 * are broken by the entry's content instead of its input position, so the same
 * entries in any order render the same document.
 */
export function orderTimeline(entries: readonly TimelineEntry[]): TimelineEntry[] {
  return [...entries].sort(
    (first, second) =>
      first.at.getTime() - second.at.getTime() ||
      compareNullable(first.slackTs, second.slackTs) ||
      compareStrings(first.kind, second.kind) ||
      compareStrings(first.author, second.author) ||
      compareStrings(first.text, second.text) ||
      compareNullable(first.threadTs, second.threadTs) ||
      Number(first.key) - Number(second.key) ||
      compareNullable(first.keyReason, second.keyReason) ||
      Number(first.edited) - Number(second.edited),
  );
}

function nameFormatter(people: ReviewData['people']): (id: string) => string {
  const cache = new Map<string, string>();
  return (id) => {
    let name = cache.get(id);
    if (name === undefined) {
      name = escapeInline(personName(id, people));
      cache.set(id, name);
    }
    return name;
  };
}

/** `[OPS-12](https://…/browse/OPS-12)`: the key escaped as text, the address kept to what a link can hold. */
function ticketCell(ticket: { key: string; url: string }): string {
  const url = /^https?:\/\/[^\s()<>|]+$/.test(ticket.url) ? ticket.url : null;
  return url ? `[${escapeInline(ticket.key)}](${url})` : escapeInline(ticket.key);
}
