import { weekOf } from '../../../src/domain/process-adherence';
import { computeStats, isStatsPeriod, percentileCont, periodStart } from '../../../src/domain/stats';
import { FIXTURE, NOW, STATS_POLICY } from '../../support/stats-fixture';

const all = Object.values(FIXTURE);
const MIN = 60_000;
const stats = (viewer: string, period: '7d' | '30d' | '90d' | 'all' = 'all', category: string | null = null) =>
  computeStats(all, { viewer, now: NOW, period, category }, STATS_POLICY);

test('percentileCont interpolates like PostgreSQL', () => {
  expect(percentileCont([], 0.5)).toBeNull();
  expect(percentileCont([5], 0.9)).toBe(5);
  expect(percentileCont([1, 2, 3, 4], 0.5)).toBe(2.5);
  expect(percentileCont([10, 0, 20], 0.9)).toBeCloseTo(18);
});

test('periods: known words only, all has no start', () => {
  expect(isStatsPeriod('30d')).toBe(true);
  expect(isStatsPeriod('5y')).toBe(false);
  expect(isStatsPeriod('toString')).toBe(false);
  expect(periodStart('all', NOW)).toBeNull();
  expect(periodStart('7d', NOW)?.toISOString()).toBe('2026-03-24T12:00:00.000Z');
});

test('counts exclude drills and cancelled incidents and show them apart', () => {
  const s = stats('USOMEONE');
  expect(s.total).toBe(5);
  expect(s.bySeverity).toEqual({ SEV1: 2, SEV2: 2, SEV3: 0, SEV4: 0, none: 1 });
  expect(s.byCategory).toEqual({ Availability: 3, Data: 1, none: 1 });
  expect(s.excluded).toEqual({ drills: 1, cancelled: 1 });
});

test('a private incident counts only for the people who may see it', () => {
  expect(stats('USOMEONE').bySeverity.SEV1).toBe(2);
  const inside = stats('UINSIDE');
  expect(inside.bySeverity.SEV1).toBe(3);
  expect(inside.byCategory.Security).toBe(1);
  expect(inside.times.SEV1.resolve.count).toBe(3);
});

test('times: never acknowledged and still open give no sample; a reopen counts its last resolve', () => {
  const s = stats('USOMEONE');
  expect(s.times.SEV1.acknowledge).toEqual({ count: 2, median: 20 * MIN, p90: 28 * MIN });
  expect(s.times.SEV1.resolve).toEqual({ count: 2, median: 180 * MIN, p90: 228 * MIN });
  expect(s.times.SEV1.mitigate).toEqual({ count: 1, median: 60 * MIN, p90: 60 * MIN });
  expect(s.times.SEV2.acknowledge.count).toBe(1);
  expect(s.times.SEV2.resolve).toEqual({ count: 0, median: null, p90: null });
  expect(s.times.none.resolve.median).toBe(60 * MIN);
});

test('follow-ups: opened, done, overdue once the due day has passed', () => {
  expect(stats('USOMEONE').followups).toEqual({ opened: 3, done: 1, overdue: 1 });
});

test('period and category narrow the figures, exclusions included', () => {
  const week = stats('USOMEONE', '7d');
  expect(week.total).toBe(4);
  expect(week.excluded).toEqual({ drills: 1, cancelled: 1 });
  expect(stats('USOMEONE', '30d').bySeverity.none).toBe(0);
  expect(stats('USOMEONE', '90d').bySeverity.none).toBe(1);
  const data = stats('USOMEONE', 'all', 'Data');
  expect(data.total).toBe(1);
  expect(data.excluded).toEqual({ drills: 0, cancelled: 0 });
});

test("update cadence: resolved incidents with a severity, the review document's gaps, time-weighted share covered", () => {
  // sev1 misses once (chatter is no update), reopened keeps every 30 minutes; open ones and no severity are not measured.
  expect(stats('USOMEONE').cadence).toEqual({ measured: 2, kept: 1, covered: (100 + 240) / (120 + 240) });
  expect(stats('UINSIDE').cadence).toEqual({ measured: 3, kept: 1, covered: (100 + 240 + 63) / (120 + 240 + 360) });
  expect(stats('USOMEONE', 'all', 'Nothing').cadence).toEqual({ measured: 0, kept: 0, covered: null });
});

test('reviews: where the severity requires one, first publication after the resolve, a draft is none', () => {
  expect(stats('USOMEONE').reviews).toEqual({
    required: 2,
    done: 2,
    timeToReview: { count: 2, median: 90 * MIN, p90: 162 * MIN },
  });
  expect(stats('UINSIDE').reviews.required).toBe(3);
  expect(stats('UINSIDE').reviews.done).toBe(2);
  // Published before a reopen: zero, not negative.
  expect(stats('USOMEONE', '7d', 'Data').reviews).toEqual({
    required: 1,
    done: 1,
    timeToReview: { count: 1, median: 0, p90: 0 },
  });
  // The drill's published review is not counted: drills are left out.
  expect(stats('USOMEONE', 'all', 'Nothing').reviews).toEqual({
    required: 0,
    done: 0,
    timeToReview: { count: 0, median: null, p90: null },
  });
});

test('feedback: answered forms only, drills left out, private ones only for their people', () => {
  expect(stats('USOMEONE').feedback).toEqual({
    responses: 4,
    byRating: [0, 1, 0, 2, 1],
    mean: 15 / 4,
    median: 4,
    suggestions: 2,
  });
  expect(stats('UINSIDE').feedback.byRating).toEqual([1, 1, 0, 2, 1]);
  expect(stats('USOMEONE', '30d').feedback.responses).toBe(3);
});

test('plans: the latest drill the viewer may see, with its review, or never', () => {
  const plans = (viewer: string) => stats(viewer, '7d', 'Data').plans;
  expect(plans('USOMEONE')).toEqual([
    {
      id: 'db-failover',
      title: 'Database failover',
      every: 90 * 24 * 60 * MIN,
      lastDrill: { number: FIXTURE.drill.number, declaredAt: FIXTURE.drill.declaredAt, reviewDone: true },
    },
    { id: 'region-evac', title: 'Region evacuation', every: null, lastDrill: null },
  ]);
  expect(plans('UINSIDE')[0].lastDrill).toEqual({
    number: FIXTURE.privateDrill.number,
    declaredAt: FIXTURE.privateDrill.declaredAt,
    reviewDone: false,
  });
});

test('weeks: Monday (UTC) weeks with counts by severity and the median resolve', () => {
  expect(weekOf(new Date('2026-03-30T00:00:00Z'))).toBe('2026-03-30');
  expect(weekOf(new Date('2026-03-29T23:59:59Z'))).toBe('2026-03-23');
  const weeks = stats('USOMEONE').weeks;
  expect(weeks.map((w) => w.week)).toEqual(['2026-01-12', '2026-03-23', '2026-03-30']);
  expect(weeks[1]).toEqual({
    week: '2026-03-23',
    bySeverity: { SEV1: 1, SEV2: 2, SEV3: 0, SEV4: 0, none: 0 },
    resolveMedian: 240 * MIN,
  });
  expect(stats('UINSIDE').weeks[1].resolveMedian).toBe(300 * MIN);
});
