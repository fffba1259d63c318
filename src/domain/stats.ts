import type { Policy } from './policy';
import { SEVERITIES, type Severity } from './severity';
import {
  type CadenceFigures,
  cadenceFigures,
  type FeedbackFigures,
  feedbackFigures,
  type PlanFigure,
  planFigures,
  type ReviewFigures,
  reviewFigures,
  type WeekFigures,
  weekFigures,
} from './stats-practice';
import type { Status } from './status';
import type { TimelineEntry } from './timeline';

/** The periods `/incident stats` accepts; `all` has no lower bound. */
export const STATS_PERIODS = { '7d': 7, '30d': 30, '90d': 90, all: null } as const;
export type StatsPeriod = keyof typeof STATS_PERIODS;

export function isStatsPeriod(value: string): value is StatsPeriod {
  return Object.hasOwn(STATS_PERIODS, value);
}

/** Incidents declared at or after this instant are in the period; null means all of them. */
export function periodStart(period: StatsPeriod, now: Date): Date | null {
  const days = STATS_PERIODS[period];
  return days === null ? null : new Date(now.getTime() - days * 86_400_000);
}

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

export interface SeverityTimes {
  acknowledge: Percentiles;
  mitigate: Percentiles;
  resolve: Percentiles;
}

export interface IncidentStats {
  total: number;
  bySeverity: Record<Severity | 'none', number>;
  byCategory: Record<string, number>;
  /** Keyed by severity; `none` for incidents never given one. Milliseconds. */
  times: Record<Severity | 'none', SeverityTimes>;
  followups: { opened: number; done: number; overdue: number };
  cadence: CadenceFigures;
  reviews: ReviewFigures;
  feedback: FeedbackFigures;
  /** Every policy plan, whatever the period or category: drills are what the plans are measured by. */
  plans: PlanFigure[];
  /** Weeks (Monday, UTC) that have incidents, oldest first: the chart's data. */
  weeks: WeekFigures[];
  /** Shown apart, never in the figures above. */
  excluded: { drills: number; cancelled: number };
}

/** Same as PostgreSQL's percentile_cont: linear interpolation between the two nearest ranks. */
export function percentileCont(values: readonly number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function percentiles(values: number[]): Percentiles {
  return { count: values.length, median: percentileCont(values, 0.5), p90: percentileCont(values, 0.9) };
}

export interface StatsQuery {
  viewer: string;
  now: Date;
  period: StatsPeriod;
  category: string | null;
}

/** A private incident counts only for someone who may see it (src/domain/visibility.ts). */
export function visibleTo(incident: Pick<StatsIncident, 'isPrivate' | 'people'>, viewer: string): boolean {
  return !incident.isPrivate || incident.people.includes(viewer);
}

/** Today's date (UTC, YYYY-MM-DD): a follow-up is overdue once its due day has passed. */
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

export function computeStats(incidents: readonly StatsIncident[], q: StatsQuery, policy: StatsPolicy): IncidentStats {
  const from = periodStart(q.period, q.now);
  const inScope = incidents.filter(
    (i) =>
      visibleTo(i, q.viewer) &&
      (from === null || i.declaredAt >= from) &&
      (q.category === null || i.category === q.category),
  );
  const counted = inScope.filter((i) => !i.isDrill && i.status !== 'cancelled');
  const keys = [...SEVERITIES, 'none'] as const;
  const bySeverity = Object.fromEntries(keys.map((k) => [k, 0])) as IncidentStats['bySeverity'];
  const byCategory: Record<string, number> = {};
  const samples = Object.fromEntries(keys.map((k) => [k, { acknowledge: [] as number[], mitigate: [] as number[], resolve: [] as number[] }])) as Record<
    Severity | 'none',
    Record<keyof SeverityTimes, number[]>
  >;
  const followups = { opened: 0, done: 0, overdue: 0 };
  const today = dayOf(q.now);
  for (const i of counted) {
    const sev = i.severity ?? 'none';
    bySeverity[sev] += 1;
    const cat = i.category ?? 'none';
    byCategory[cat] = (byCategory[cat] ?? 0) + 1;
    const since = (t: Date | null) => (t ? [t.getTime() - i.declaredAt.getTime()] : []);
    samples[sev].acknowledge.push(...since(i.acknowledgedAt));
    samples[sev].mitigate.push(...since(i.mitigatedAt));
    samples[sev].resolve.push(...since(i.resolvedAt));
    for (const f of i.followups) {
      followups.opened += 1;
      if (f.status === 'done') followups.done += 1;
      else if (f.due !== null && f.due < today) followups.overdue += 1;
    }
  }
  const times = Object.fromEntries(
    keys.map((k) => [
      k,
      {
        acknowledge: percentiles(samples[k].acknowledge),
        mitigate: percentiles(samples[k].mitigate),
        resolve: percentiles(samples[k].resolve),
      },
    ]),
  ) as IncidentStats['times'];
  return {
    total: counted.length,
    bySeverity,
    byCategory,
    times,
    followups,
    cadence: cadenceFigures(counted, policy),
    reviews: reviewFigures(counted, policy),
    feedback: feedbackFigures(counted),
    plans: planFigures(
      incidents.filter((i) => visibleTo(i, q.viewer)),
      policy,
    ),
    weeks: weekFigures(counted),
    excluded: {
      drills: inScope.filter((i) => i.isDrill).length,
      cancelled: inScope.filter((i) => !i.isDrill && i.status === 'cancelled').length,
    },
  };
}
