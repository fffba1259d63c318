/**
 * The bench's pure maths, unit-tested without timings (tests/unit/bench/maths.test.ts):
 * the one percentile function, summaries, the least-squares slope, Slack's rate-limit
 * budgets, the open-loop schedule and how a goal is judged.
 */

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of ascending `sorted` (p in 0..100): always a value that was observed. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  if (p <= 0) return sorted[0];
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(rank, sorted.length) - 1];
}

/** NaN (a failed request) is left out: failures are counted apart, never as a latency. */
export function summarize(values: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(values.filter((v) => !Number.isNaN(v))).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

/** Least-squares slope of y over x (units of y per unit of x); NaN with fewer than two distinct x. */
export function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
  }
  return sxx === 0 ? Number.NaN : sxy / sxx;
}

/** A token bucket as Slack's tiers are modelled: `burst` calls at once, then `perMinute` a minute. */
export interface Bucket {
  burst: number;
  perMinute: number;
}

/**
 * The shortest time, in ms from the first call, in which a full bucket lets `n` calls
 * through: the burst at once, then one per refill interval. 0 when the burst covers them.
 */
export function budgetMs(n: number, bucket: Bucket): number {
  if (n <= bucket.burst) return 0;
  return ((n - bucket.burst) * 60_000) / bucket.perMinute;
}

/**
 * The earliest moment the last of calls arriving at `arrivalsMs` (any order) can go
 * through a bucket that is full at the first arrival: each call takes a token at its
 * arrival or, if none is left, when the next one refills. In ms on the arrivals' clock.
 */
export function bucketFinishMs(arrivalsMs: readonly number[], bucket: Bucket): number {
  const sorted = [...arrivalsMs].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const refillMs = 60_000 / bucket.perMinute;
  let tokens = bucket.burst;
  let at = sorted[0];
  for (const arrival of sorted) {
    if (arrival > at) {
      tokens = Math.min(bucket.burst, tokens + (arrival - at) / refillMs);
      at = arrival;
    }
    if (tokens < 1) {
      at += (1 - tokens) * refillMs;
      tokens = 1;
    }
    tokens -= 1;
  }
  return at;
}

/** When request `i` is due, in ms after the schedule's start: a fixed grid, never shifted by answers. */
export function scheduledOffsetMs(i: number, ratePerSec: number): number {
  return (i * 1000) / ratePerSec;
}

/**
 * How many of `total` requests are due `elapsedMs` after the start (request 0 is due
 * at 0). A late timer therefore sends every overdue request at once instead of
 * stretching the schedule: that is what keeps the load open-loop.
 */
export function dueCount(elapsedMs: number, ratePerSec: number, total: number): number {
  if (elapsedMs < 0 || total <= 0) return 0;
  // The epsilon absorbs float error so a request due at exactly `elapsedMs` counts as due.
  const due = Math.floor((elapsedMs * ratePerSec) / 1000 + 1e-9) + 1;
  return Math.min(due, total);
}

/** One goal as every part reports it: what was measured against what it must be. */
export interface GoalResult {
  name: string;
  /** The rule as read, e.g. '<= 150 MB'. */
  goal: string;
  value: number;
  unit: string;
  pass: boolean;
}

export type Comparison = '<' | '<=' | '==' | '>=';

/** Judges `value` against `limit`; a NaN value (nothing measured) never passes. */
export function judge(name: string, value: number, op: Comparison, limit: number, unit: string): GoalResult {
  const pass =
    !Number.isNaN(value) &&
    (op === '<' ? value < limit : op === '<=' ? value <= limit : op === '==' ? value === limit : value >= limit);
  return { name, goal: `${op} ${round(limit)} ${unit}`.trim(), value: round(value), unit, pass };
}

/** Two decimals at most: figures are read by people, and noise beyond that is not information. */
export function round(n: number): number {
  return Number.isFinite(n) ? Math.round(n * 100) / 100 : n;
}

/**
 * The step-up search's answer: the highest rate whose p99 stayed under the limit with no
 * failures, provided every lower rate did too (a pass above a failure is luck, not capacity).
 */
export function highestPassingRate(
  steps: readonly { rate: number; p99: number; failures: number }[],
  p99LimitMs: number,
): number {
  let best = 0;
  for (const s of [...steps].sort((a, b) => a.rate - b.rate)) {
    if (s.failures > 0 || !(s.p99 < p99LimitMs)) break;
    best = s.rate;
  }
  return best;
}
