import type { IncidentEvent } from './incident-event';
import type { ReviewData } from './review';
import type { Status } from './status';
import type { TimelineEntry } from './timeline';

/** How well the expected update cadence was kept over the incident. */
export interface UpdateCadence {
  /** The expected interval between updates (ms). */
  expectedEvery: number;
  windowStart: Date;
  windowEnd: Date;
  /** Updates inside the window (see `isUpdate`). */
  updates: number;
  /** The longest stretch without an update (ms); the window start counts as an update, the window end closes the last gap. */
  longestGap: number;
  /**
   * Intervals of `expectedEvery` that passed without an update: each gap counts the
   * due times it ran past (a 3h 2m gap against 30m counts 6; a gap of exactly 30m, 0).
   * Counting gaps instead read "1 missed" for three silent hours.
   */
  missed: number;
  /** Time of the window (ms) that was within `expectedEvery` of an update. */
  covered: number;
  /** 0..1: the share of the window that was within `expectedEvery` of an update. */
  keptRatio: number;
}

export interface ReviewMetrics {
  declaredAt: Date;
  /** First move out of triage into the response (not a cancellation). */
  acknowledgedAt: Date | null;
  /** First move to monitoring. */
  mitigatedAt: Date | null;
  /** Last move to resolved, only while the incident is resolved or closed (a reopen resets it). */
  resolvedAt: Date | null;
  /** ReviewData.closedAt, else the incident row's. */
  closedAt: Date | null;
  /** ms from declaredAt; null while the milestone was not reached. */
  timeToAcknowledge: number | null;
  timeToMitigate: number | null;
  timeToResolve: number | null;
  /** ms from declaredAt to closedAt, else resolvedAt, else null. */
  totalDuration: number | null;
  /** Null when no update interval is known or the window is empty. */
  cadence: UpdateCadence | null;
}

const FINISHED_RESOLVED: readonly Status[] = ['resolved', 'closed'];

/**
 * What counts as an update for the cadence: notes (`/incident note`, written on
 * purpose for the record), lifecycle changes (each one is announced in the
 * channel: status, severity, roles) and messages marked key (pinned, reacted,
 * flagged: that is how a team marks the status updates it posts). Ordinary
 * chatter does not count, or a busy channel would always look well updated.
 */
export function isUpdate(entry: Pick<TimelineEntry, 'kind' | 'key'>): boolean {
  return entry.kind === 'note' || entry.kind === 'change' || entry.key;
}

type StatusEvent = IncidentEvent & { change: { kind: 'status' } };

/** Status events oldest first; same-millisecond events keep their given order. */
function statusEvents(events: readonly IncidentEvent[]): StatusEvent[] {
  return events
    .map((e, i) => ({ e, i }))
    .filter((indexed): indexed is { e: StatusEvent; i: number } => indexed.e.change.kind === 'status')
    .sort((a, b) => a.e.at.getTime() - b.e.at.getTime() || a.i - b.i)
    .map((x) => x.e);
}

const since = (from: Date, to: Date | null): number | null => (to ? to.getTime() - from.getTime() : null);

export function computeReviewMetrics(data: ReviewData): ReviewMetrics {
  const { incident } = data;
  const declaredAt = incident.declaredAt;
  const statuses = statusEvents(data.events);

  const acknowledgedAt = statuses.find((e) => e.change.from === 'triage' && e.change.to !== 'cancelled')?.at ?? null;
  const mitigatedAt = statuses.find((e) => e.change.to === 'monitoring')?.at ?? null;
  let resolvedAt: Date | null = null;
  if (FINISHED_RESOLVED.includes(incident.status)) {
    // Events are the source of truth; the incident row's column covers data recorded without them.
    resolvedAt = statuses.findLast((e) => e.change.to === 'resolved')?.at ?? incident.resolvedAt ?? null;
  }
  const closedAt = data.closedAt ?? incident.closedAt ?? null;

  return {
    declaredAt,
    acknowledgedAt,
    mitigatedAt,
    resolvedAt,
    closedAt,
    timeToAcknowledge: since(declaredAt, acknowledgedAt),
    timeToMitigate: since(declaredAt, mitigatedAt),
    timeToResolve: since(declaredAt, resolvedAt),
    totalDuration: since(declaredAt, closedAt ?? resolvedAt),
    cadence: computeCadence(data.timeline, data.updateEvery, declaredAt, resolvedAt ?? closedAt),
  };
}

/**
 * The window runs from the declaration to the resolution (else the close, else
 * the last timeline entry: an incident still open is measured up to now-ish
 * without reading the clock). Each gap between consecutive updates counts as
 * covered up to `every`; the rest of a longer gap is time nobody heard anything.
 */
export function computeCadence(
  timeline: readonly Pick<TimelineEntry, 'kind' | 'at' | 'key'>[],
  every: number | null,
  declaredAt: Date,
  end: Date | null,
): UpdateCadence | null {
  if (every === null || !(every > 0)) return null;
  const start = declaredAt.getTime();
  let stop = end?.getTime();
  if (stop === undefined) {
    stop = Number.NEGATIVE_INFINITY;
    for (const e of timeline) stop = Math.max(stop, e.at.getTime());
  }
  if (!(stop > start)) return null;

  const times: number[] = [];
  for (const e of timeline) {
    const t = e.at.getTime();
    if (isUpdate(e) && t >= start && t <= stop) times.push(t);
  }
  times.sort((a, b) => a - b);

  let previous = start;
  let longestGap = 0;
  let missed = 0;
  let covered = 0;
  const gap = (to: number) => {
    const length = to - previous;
    longestGap = Math.max(longestGap, length);
    if (length > every) missed += Math.ceil(length / every) - 1;
    covered += Math.min(length, every);
    previous = to;
  };
  for (const t of times) gap(t);
  gap(stop);

  return {
    expectedEvery: every,
    windowStart: new Date(start),
    windowEnd: new Date(stop),
    updates: times.length,
    longestGap,
    missed,
    covered,
    keptRatio: covered / (stop - start),
  };
}
