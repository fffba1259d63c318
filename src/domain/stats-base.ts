import type { Policy } from './policy';
import type { Severity } from './severity';
import type { Status } from './status';
import type { TimelineEntry } from './timeline';

// What stats.ts and process-adherence.ts both read, kept apart so neither imports the other back.

/** One incident as the figures see it; the milestones follow src/domain/review-metrics.ts. */
export interface StatsIncident {
  number: number;
  severity: Severity | null;
  category: string | null;
  status: Status;
  isPrivate: boolean;
  isDrill: boolean;
  declaredAt: Date;
  /** First move out of triage that is not a cancellation. */
  acknowledgedAt: Date | null;
  /** First move to monitoring. */
  mitigatedAt: Date | null;
  /** The last move to resolved; a reopen clears it, so it is null unless the incident is resolved or closed. */
  resolvedAt: Date | null;
  /** Participants, role holders and the declarer: who may see a private incident. */
  people: readonly string[];
  followups: readonly { status: 'open' | 'done'; due: string | null }[];
  /** Lifecycle changes, notes and messages (deleted ones left out): what the review document's cadence reads. */
  timeline: readonly Pick<TimelineEntry, 'kind' | 'at' | 'key'>[];
  /** `firstSubmittedAt`: the first publication; re-publishing does not move it. */
  review: { status: 'draft' | 'submitted'; firstSubmittedAt: Date | null } | null;
  /** One per person asked; `rating` stays null until they answer. */
  feedback: readonly { rating: number | null; change: string | null }[];
  /** The policy plan a drill exercised. */
  drillPlan: string | null;
}

/** What of the policy the figures depend on. */
export type StatsPolicy = Pick<Policy, 'severities' | 'plans' | 'drills'>;

export interface Percentiles {
  count: number;
  median: number | null;
  p90: number | null;
}

/** Same as PostgreSQL's percentile_cont: linear interpolation between the two nearest ranks. */
export function percentileCont(values: readonly number[], fraction: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = fraction * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function percentiles(values: number[]): Percentiles {
  return { count: values.length, median: percentileCont(values, 0.5), p90: percentileCont(values, 0.9) };
}
