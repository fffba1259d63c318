/**
 * Open-loop load and latency statistics. Everything here except `runOpenLoop`'s
 * timer is pure, so the maths is unit-tested (tests/unit/bench/percentiles.test.ts).
 */

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** When request `i` is due, in ms after the schedule's start: a fixed grid, never shifted by answers. */
export function scheduledOffsetMs(i: number, ratePerSec: number): number {
  return (i * 1000) / ratePerSec;
}

/**
 * How many of `total` requests are due `elapsedMs` after the start (request 0 is
 * due at 0). A late timer therefore sends every overdue request at once instead
 * of stretching the schedule: that is what keeps the load open-loop.
 */
export function dueCount(elapsedMs: number, ratePerSec: number, total: number): number {
  if (elapsedMs < 0 || total <= 0) return 0;
  // The epsilon absorbs float error so a request due at exactly `elapsedMs` counts as due.
  const due = Math.floor((elapsedMs * ratePerSec) / 1000 + 1e-9) + 1;
  return Math.min(due, total);
}

/** Nearest-rank percentile of ascending `sorted` (p in 0..100): always a value that was observed. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  if (p <= 0) return sorted[0];
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(rank, sorted.length) - 1];
}

export function summarize(values: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(values).sort();
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

export interface OpenLoopOptions {
  ratePerSec: number;
  total: number;
  /** Fires request `i`; must not wait for the answer. `scheduledAt` is on the `now()` clock. */
  send: (i: number, scheduledAt: number) => void;
  now?: () => number;
}

/**
 * Sends request i at start + i/rate regardless of earlier answers (no
 * coordinated omission: a slow server cannot slow the load down). Resolves once
 * the last request has been sent; answers are the caller's business.
 */
export function runOpenLoop(o: OpenLoopOptions): Promise<void> {
  const now = o.now ?? (() => performance.now());
  // A few ms of head room so request 0 is not already late when the first timer runs.
  const start = now() + 5;
  let next = 0;
  return new Promise((resolve) => {
    const tick = () => {
      const due = dueCount(now() - start, o.ratePerSec, o.total);
      for (; next < due; next++) o.send(next, start + scheduledOffsetMs(next, o.ratePerSec));
      if (next >= o.total) return resolve();
      const wait = start + scheduledOffsetMs(next, o.ratePerSec) - now();
      setTimeout(tick, Math.max(0, wait));
    };
    setTimeout(tick, Math.max(0, start - now()));
  });
}
