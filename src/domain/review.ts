import type { TimelineEntry } from './timeline';
import { err, ok, type Result } from './result';

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

export const emptyAnswers = (): ReviewAnswers =>
  Object.fromEntries(REVIEW_QUESTIONS.map((q) => [q.key, ''])) as ReviewAnswers;

export interface ActionItem {
  text: string;
  /** Slack user id. */
  owner: string | null;
  /** `YYYY-MM-DD`. */
  due: string | null;
}

export interface ActionItemProblem {
  line: number;
  problem: 'bad_date' | 'empty_text';
  given: string;
}

const OWNER = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/;
const DUE = /\bdue[:\s]+(\S+)/i;

export function isValidDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/**
 * One action item per line: `Add alerting on queue depth <@U123> due 2026-12-01`.
 * The owner (a Slack mention) and the due date are optional and may stand anywhere.
 */
export function parseActionItem(line: string): Result<ActionItem, Omit<ActionItemProblem, 'line'>> {
  let text = line.trim().replace(/^[-*•]\s*/, '');
  const owner = OWNER.exec(text)?.[1] ?? null;
  text = text.replace(OWNER, ' ');
  let due: string | null = null;
  const dueMatch = DUE.exec(text);
  if (dueMatch) {
    if (!isValidDate(dueMatch[1])) return err({ problem: 'bad_date', given: dueMatch[1] });
    due = dueMatch[1];
    text = text.replace(DUE, ' ');
  }
  text = text.replace(/\s+/g, ' ').trim();
  if (!text) return err({ problem: 'empty_text', given: line.trim() });
  return ok({ text, owner, due });
}

export function parseActionItems(raw: string): Result<ActionItem[], ActionItemProblem> {
  const items: ActionItem[] = [];
  const lines = raw.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    const parsed = parseActionItem(lines[i]);
    if (!parsed.ok) return err({ line: i + 1, ...parsed.error });
    items.push(parsed.value);
  }
  return ok(items);
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
