import { computeCadence } from './review-metrics';
import { SEVERITIES, type Severity } from './severity';
import { type Percentiles, percentileCont, percentiles, type StatsIncident, type StatsPolicy } from './stats-base';

/**
 * The figures of `/incident stats` about how the process is kept (update cadence,
 * reviews, feedback, drills) and the weekly series the chart draws. Each takes the
 * incidents already narrowed to what the viewer may see; src/features/stats/stats.queries.ts
 * computes the same in SQL.
 */

const finished = (i: StatsIncident) => i.status === 'resolved' || i.status === 'closed';

/**
 * The review document's cadence (src/domain/review-metrics.ts), over each resolved
 * or closed incident with a severity, from declaration to its (last) resolve.
 * Still-open incidents are left out until their window closes.
 */
export interface CadenceFigures {
  /** Incidents whose cadence could be measured. */
  measured: number;
  /**
   * Of those, how many never went longer than their severity's `updateEvery` without an
   * update: the document's "0 intervals … without an update" (its count is above zero
   * exactly when a gap exceeded the target, so the SQL's `gap > every_ms` agrees).
   */
  kept: number;
  /** Share of all measured incident time that was within `updateEvery` of an update (time-weighted, 0..1). */
  covered: number | null;
}

export function cadenceFigures(counted: readonly StatsIncident[], policy: StatsPolicy): CadenceFigures {
  let measured = 0;
  let kept = 0;
  let covered = 0;
  let window = 0;
  for (const i of counted) {
    if (!finished(i) || !i.severity || !i.resolvedAt) continue;
    const c = computeCadence(i.timeline, policy.severities[i.severity].updateEvery, i.declaredAt, i.resolvedAt);
    if (!c) continue;
    measured += 1;
    if (c.missed === 0) kept += 1;
    covered += c.covered;
    window += c.windowEnd.getTime() - c.windowStart.getTime();
  }
  return { measured, kept, covered: window > 0 ? covered / window : null };
}

/**
 * Reviews are counted where the policy asks for one: resolved or closed incidents
 * whose severity has `reviewRequired`. Time to review runs from the (last) resolve
 * to the review's first publication, never below zero (a review written before a
 * reopen was there when the incident resolved again).
 */
export interface ReviewFigures {
  required: number;
  /** Published (a later draft never withdraws a publication). */
  done: number;
  /** ms. */
  timeToReview: Percentiles;
}

export function reviewFigures(counted: readonly StatsIncident[], policy: StatsPolicy): ReviewFigures {
  const due = counted.filter(
    (incident) =>
      finished(incident) && incident.severity !== null && policy.severities[incident.severity].reviewRequired,
  );
  const published = due.filter((i) => i.review?.status === 'submitted');
  const times = published.flatMap((incident) =>
    incident.review?.firstSubmittedAt && incident.resolvedAt
      ? [Math.max(0, incident.review.firstSubmittedAt.getTime() - incident.resolvedAt.getTime())]
      : [],
  );
  return { required: due.length, done: published.length, timeToReview: percentiles(times) };
}

/** Answers to the feedback form; the free text itself is never shown, only how many wrote some. */
export interface FeedbackFigures {
  responses: number;
  /** How many answered 1, 2, 3, 4, 5. */
  byRating: [number, number, number, number, number];
  mean: number | null;
  median: number | null;
  /** Answers with something in "What should change?". */
  suggestions: number;
}

export function feedbackFigures(counted: readonly StatsIncident[]): FeedbackFigures {
  const ratings: number[] = [];
  const byRating: FeedbackFigures['byRating'] = [0, 0, 0, 0, 0];
  let suggestions = 0;
  for (const f of counted.flatMap((i) => i.feedback)) {
    if (f.rating === null) continue;
    ratings.push(f.rating);
    byRating[f.rating - 1] += 1;
    if (f.change !== null && f.change !== '') suggestions += 1;
  }
  const sum = ratings.reduce((a, b) => a + b, 0);
  return {
    responses: ratings.length,
    byRating,
    mean: ratings.length ? sum / ratings.length : null,
    median: percentileCont(ratings, 0.5),
    suggestions,
  };
}

/**
 * Per policy plan, its latest drill the viewer may see: the drill recorded with
 * that plan (`drillPlan`), latest declared first, as the drill reminders count it.
 */
export interface PlanFigure {
  id: string;
  title: string;
  /** The schedule's `every` (ms), if the plan has one. */
  every: number | null;
  lastDrill: { number: number; declaredAt: Date; reviewDone: boolean } | null;
}

export function planFigures(visible: readonly StatsIncident[], policy: StatsPolicy): PlanFigure[] {
  return policy.plans.map((plan) => {
    const drills = visible.filter((i) => i.isDrill && i.drillPlan === plan.id);
    const last = drills.reduce<StatsIncident | null>(
      (latest, drill) =>
        !latest ||
        drill.declaredAt > latest.declaredAt ||
        (drill.declaredAt.getTime() === latest.declaredAt.getTime() && drill.number > latest.number)
          ? drill
          : latest,
      null,
    );
    return {
      id: plan.id,
      title: plan.title,
      every: policy.drills.find((d) => d.plan === plan.id)?.every ?? null,
      lastDrill: last
        ? { number: last.number, declaredAt: last.declaredAt, reviewDone: last.review?.status === 'submitted' }
        : null,
    };
  });
}

export interface WeekFigures {
  /** The week's Monday, `YYYY-MM-DD` (UTC). */
  week: string;
  bySeverity: Record<Severity | 'none', number>;
  /** Median time to resolve (ms) of the week's incidents that resolved; null if none did. */
  resolveMedian: number | null;
}

const DAY = 86_400_000;

/** The Monday (UTC) of the week `d` falls in, as PostgreSQL's date_trunc('week') does. */
export function weekOf(date: Date): string {
  const midnight = Math.floor(date.getTime() / DAY) * DAY;
  const sinceMonday = (new Date(midnight).getUTCDay() + 6) % 7;
  return new Date(midnight - sinceMonday * DAY).toISOString().slice(0, 10);
}

export function weekFigures(counted: readonly StatsIncident[]): WeekFigures[] {
  const weeks = new Map<string, { bySeverity: WeekFigures['bySeverity']; resolves: number[] }>();
  for (const i of counted) {
    const key = weekOf(i.declaredAt);
    let w = weeks.get(key);
    if (!w) {
      w = {
        bySeverity: Object.fromEntries([...SEVERITIES, 'none'].map((k) => [k, 0])) as WeekFigures['bySeverity'],
        resolves: [],
      };
      weeks.set(key, w);
    }
    w.bySeverity[i.severity ?? 'none'] += 1;
    if (i.resolvedAt) w.resolves.push(i.resolvedAt.getTime() - i.declaredAt.getTime());
  }
  return [...weeks.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([week, w]) => ({ week, bySeverity: w.bySeverity, resolveMedian: percentileCont(w.resolves, 0.5) }));
}
