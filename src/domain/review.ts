import type { FollowupTicketLink } from './followup';
import { err, ok, type Result } from './result';
import type { TimelineEntry } from './timeline';

/** The review modal's questions, in the order people answer them. */
export const REVIEW_QUESTIONS = [
  { key: 'summary', label: 'Summary' },
  { key: 'customerImpact', label: 'Customer impact' },
  { key: 'rootCause', label: 'Root cause' },
  { key: 'contributingFactors', label: 'Contributing factors' },
  { key: 'detection', label: 'Detection' },
  { key: 'wentWell', label: 'What went well' },
  { key: 'wentBadly', label: 'What went badly' },
  { key: 'lessons', label: 'Lessons' },
  { key: 'actionItems', label: 'Action items' },
] as const;

export type ReviewQuestion = (typeof REVIEW_QUESTIONS)[number]['key'];
export type ReviewAnswers = Record<ReviewQuestion, string>;

/**
 * What a review must say before it is published where the severity requires one:
 * what happened, its impact and its cause. Without them a review of blank
 * sections would unblock the close and count as done.
 */
export const REQUIRED_TO_PUBLISH: readonly ReviewQuestion[] = ['summary', 'customerImpact', 'rootCause'];

export const unansweredRequired = (answers: ReviewAnswers): ReviewQuestion[] =>
  REQUIRED_TO_PUBLISH.filter((q) => !answers[q]?.trim());

export const emptyAnswers = (): ReviewAnswers =>
  Object.fromEntries(REVIEW_QUESTIONS.map((q) => [q.key, ''])) as ReviewAnswers;

export interface ActionItem {
  text: string;
  /** Slack user id. */
  owner: string | null;
  /**
   * The owner as typed in a plain text field (`@bob`, no `@`): such a field never holds
   * Slack's `<@U…>`, so the name is resolved to `owner` against the workspace's people.
   */
  ownerName?: string | null;
  /** `YYYY-MM-DD`. */
  due: string | null;
  /** Its follow-up's ticket in the tracker, once made: the document links it. */
  ticket?: FollowupTicketLink | null;
}

export interface ActionItemProblem {
  line: number;
  problem: 'bad_date' | 'empty_text';
  given: string;
}

const OWNER = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/;
/** `@bob`, `@bob.baker`, `@Zoë`: an `@` that starts a word (not an e-mail address), up to the next space. */
const HANDLE = /(^|\s)@([\p{L}\p{N}._'-]*[\p{L}\p{N}_])[,;:]?/u;
/** Slack's broadcasts, not people: left in the text. */
const BROADCASTS = new Set(['here', 'channel', 'everyone']);
const DUE = /\bdue[:\s]+(\S+)/i;

export function isValidDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/**
 * One action item per line: `Add alerting on queue depth <@U123> due 2026-12-01`.
 * The owner (a Slack mention, or with `handles` a typed `@name`) and the due date
 * are optional and may stand anywhere.
 */
export function parseActionItem(
  line: string,
  opts: { handles?: boolean } = {},
): Result<ActionItem, Omit<ActionItemProblem, 'line'>> {
  let text = line.trim().replace(/^[-*•]\s*/, '');
  const owner = OWNER.exec(text)?.[1] ?? null;
  text = text.replace(OWNER, ' ');
  let ownerName: string | null = null;
  const handle = opts.handles && !owner ? HANDLE.exec(text) : null;
  if (handle && !BROADCASTS.has(handle[2].toLowerCase())) {
    ownerName = handle[2];
    text = text.replace(HANDLE, '$1');
  }
  let due: string | null = null;
  const dueMatch = DUE.exec(text);
  if (dueMatch) {
    if (!isValidDate(dueMatch[1])) return err({ problem: 'bad_date', given: dueMatch[1] });
    due = dueMatch[1];
    text = text.replace(DUE, ' ');
  }
  text = text.replace(/\s+/g, ' ').trim();
  if (!text) return err({ problem: 'empty_text', given: line.trim() });
  return ok({ text, owner, due, ...(ownerName ? { ownerName } : {}) });
}

export function parseActionItems(raw: string): Result<ActionItem[], ActionItemProblem> {
  const items: ActionItem[] = [];
  const lines = raw.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    // The review's field is plain text: owners are typed as `@name` there.
    const parsed = parseActionItem(lines[i], { handles: true });
    if (!parsed.ok) return err({ line: i + 1, ...parsed.error });
    items.push(parsed.value);
  }
  return ok(items);
}

/** Follow-ups are the same when their text is, case and spacing aside. */
export const followupKey = (text: string): string => text.toLowerCase().replace(/\s+/g, '');

/** The items that repeat no existing follow-up (`existing` texts) nor an earlier item. */
export function newActionItems(items: readonly ActionItem[], existing: readonly string[]): ActionItem[] {
  const seen = new Set(existing.map(followupKey));
  return items.filter((item) => {
    const key = followupKey(item.text);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Everything the review document is made of: rendering is a pure function of this. */
export interface ReviewData {
  incident: import('./incident').Incident;
  /** When the incident was closed, if it was. */
  closedAt: Date | null;
  /** Lifecycle changes, oldest first (declared, status, severity, role, invited, closed). */
  events: import('./incident-event').IncidentEvent[];
  /** Captured messages and notes (deleted ones already removed), plus lifecycle changes as 'change' entries. */
  timeline: TimelineEntry[];
  participants: string[];
  answers: ReviewAnswers;
  actionItems: ActionItem[];
  /** Display names and time zones of the people mentioned (from Slack users.info); missing ones render as the raw id. */
  people: Record<string, { name: string; tz: string | null }>;
  /** The severity's expected update interval (ms), for the cadence metric; null when unknown. */
  updateEvery: number | null;
  /** Participants' answers to the feedback form sent at close; the appendix appears only when there are any. */
  feedback?: FeedbackEntry[];
}

export interface FeedbackEntry {
  user: string;
  /** 1 (very badly) to 5 (very well). */
  rating: number;
  change: string | null;
}
