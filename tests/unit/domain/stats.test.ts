import { computeStats, isStatsPeriod, percentileCont, periodStart } from '../../../src/domain/stats';
import { FIXTURE, NOW } from '../../support/stats-fixture';

const all = Object.values(FIXTURE);
const MIN = 60_000;
const stats = (viewer: string, period: '7d' | '30d' | '90d' | 'all' = 'all', category: string | null = null) =>
  computeStats(all, { viewer, now: NOW, period, category });

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
