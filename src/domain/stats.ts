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
} from './process-adherence';
import { SEVERITIES, type Severity } from './severity';
import { type Percentiles, percentiles, type StatsIncident, type StatsPolicy } from './stats-base';

export { type Percentiles, percentileCont, type StatsIncident, type StatsPolicy } from './stats-base';

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

export interface StatsQuery {
  viewer: string;
  now: Date;
  period: StatsPeriod;
  category: string | null;
  /** Only incidents of this type (policy key `types`). */
  type?: string | null;
  /** Only incidents whose select or multi_select field `key` holds `value`. */
  field?: { key: string; value: string } | null;
}

/** A private incident counts only for someone who may see it (src/domain/visibility.ts). */
export function visibleTo(incident: Pick<StatsIncident, 'isPrivate' | 'people'>, viewer: string): boolean {
  return !incident.isPrivate || incident.people.includes(viewer);
}

/** Today's date (UTC, YYYY-MM-DD): a follow-up is overdue once its due day has passed. */
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

export function computeStats(
  incidents: readonly StatsIncident[],
  query: StatsQuery,
  policy: StatsPolicy,
): IncidentStats {
  const from = periodStart(query.period, query.now);
  const inScope = incidents.filter(
    (incident) =>
      visibleTo(incident, query.viewer) &&
      (from === null || incident.declaredAt >= from) &&
      (query.category === null || incident.category === query.category),
  );
  const counted = inScope.filter((i) => !i.isDrill && i.status !== 'cancelled');
  const keys = [...SEVERITIES, 'none'] as const;
  const bySeverity = Object.fromEntries(keys.map((k) => [k, 0])) as IncidentStats['bySeverity'];
  const byCategory: Record<string, number> = {};
  const samples = Object.fromEntries(
    keys.map((key) => [key, { acknowledge: [] as number[], mitigate: [] as number[], resolve: [] as number[] }]),
  ) as Record<Severity | 'none', Record<keyof SeverityTimes, number[]>>;
  const followups = { opened: 0, done: 0, overdue: 0 };
  const today = dayOf(query.now);
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
    keys.map((key) => [
      key,
      {
        acknowledge: percentiles(samples[key].acknowledge),
        mitigate: percentiles(samples[key].mitigate),
        resolve: percentiles(samples[key].resolve),
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
      incidents.filter((i) => visibleTo(i, query.viewer)),
      policy,
    ),
    weeks: weekFigures(counted),
    excluded: {
      drills: inScope.filter((i) => i.isDrill).length,
      cancelled: inScope.filter((i) => !i.isDrill && i.status === 'cancelled').length,
    },
  };
}
