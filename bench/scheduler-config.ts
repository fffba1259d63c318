import { envNumber } from './env';
/**
 * The scheduler part's sizes, from the environment (shared by run.ts and scheduler-main.ts):
 *   BENCH_SCHED_SMALL (100), BENCH_SCHED_INCIDENTS (10000): open incidents in the two tick-cost phases;
 *     the second is also the number of update nudges in the lateness run.
 *   BENCH_SCHED_TICKS (200), BENCH_SCHED_WARMUP_TICKS (20): ticks timed per phase, after the warm-up.
 *   BENCH_SCHED_DUE_WINDOW_SECONDS (10): the nudges fall due evenly over this window.
 *   BENCH_SCHED_REPLICAS (2): Firebreak instances ticking at once (in this process, sharing its CPU).
 *   BENCH_SCHED_TICK_MS (1000): policy.schedulerTick of those instances.
 *   BENCH_SCHED_TIMEOUT_SECONDS (150): give up this long after the last nudge fell due.
 */
export function schedulerConfig() {
  return {
    /** Open incidents in the first tick-cost phase. */
    small: Math.round(envNumber('BENCH_SCHED_SMALL', 100)),
    /** Open incidents in the second phase, and update nudges due in the lateness run. */
    large: Math.round(envNumber('BENCH_SCHED_INCIDENTS', 10_000)),
    ticks: Math.round(envNumber('BENCH_SCHED_TICKS', 200)),
    warmupTicks: Math.round(envNumber('BENCH_SCHED_WARMUP_TICKS', 20)),
    dueWindowMs: envNumber('BENCH_SCHED_DUE_WINDOW_SECONDS', 10) * 1000,
    replicas: Math.round(envNumber('BENCH_SCHED_REPLICAS', 2)),
    tickMs: envNumber('BENCH_SCHED_TICK_MS', 1000),
    timeoutMs: envNumber('BENCH_SCHED_TIMEOUT_SECONDS', 150) * 1000,
  };
}
