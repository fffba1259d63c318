import { benchDatabase } from '../lib/database';
import { judge } from '../lib/maths';
import type { Part, PartOptions } from '../lib/part';
import { benchReviewGeneration } from '../lib/review';
import { measureScheduler } from '../lib/scheduler';
import { benchStats } from '../lib/stats-query';

const REVIEW_ENTRIES = 10_000;

/**
 * Part 5, the goals kept from the earlier bench: review generation, the scheduler's
 * tick cost and claim lateness, and `/incident stats all`. Here the bot runs in this
 * process: each is timed from inside, on its own database.
 */
export const keepPart: Part = {
  name: 'keep',
  goals: [
    `review of ${REVIEW_ENTRIES} timeline entries <= 250 ms`,
    `review of ${REVIEW_ENTRIES} timeline entries <= 50 MB extra heap`,
    'scheduler tick with nothing due, 10,000 vs 100 open incidents <= 1.5x',
    'scheduler claim reads reminders_due_idx (index scan), no seq scan',
    '10,000 due reminders claimed with p99 lateness < 2 s',
    'every due reminder claimed exactly once',
    '/incident stats all over 100,000 incidents < 1 s',
  ],
  async run(o: PartOptions) {
    // First, while nothing else of the part is running yet to compete for the CPU or the heap.
    o.progress(`review generation for ${REVIEW_ENTRIES} timeline entries…`);
    const review = await benchReviewGeneration(REVIEW_ENTRIES);
    const large = o.quick ? 2000 : 10_000;
    const sch = await measureScheduler({
      small: 100,
      large,
      ticks: o.quick ? 50 : 200,
      warmupTicks: o.quick ? 10 : 20,
      dueWindowMs: o.quick ? 4000 : 10_000,
      replicas: 2,
      tickMs: 1000,
      timeoutMs: 60_000,
      deliveryWatchMs: o.quick ? 2000 : 10_000,
      progress: o.progress,
      defer: o.defer,
    });
    const incidents = o.quick ? 20_000 : 100_000;
    o.progress(`stats over ${incidents} closed incidents (own database)…`);
    const statsDb = await benchDatabase();
    o.defer('the stats database', statsDb.cleanup);
    const stats = await benchStats(statsDb.url, incidents);
    const late = sch.lateness;
    const gc = typeof global.gc === 'function';
    return {
      goals: [
        judge(`review of ${REVIEW_ENTRIES} timeline entries (median)`, review.ms, '<=', 250, 'ms'),
        judge(`review of ${REVIEW_ENTRIES} timeline entries, extra heap`, review.extraHeapMb, '<=', 50, 'MB'),
        judge(
          `tick with nothing due, ${sch.large.openIncidents} vs ${sch.small.openIncidents} open incidents`,
          sch.ratio,
          '<=',
          1.5,
          'x',
        ),
        judge(
          'claim plans that read reminders by a seq scan (reminders_due_idx expected)',
          sch.large.scan.length === 0
            ? Number.NaN
            : sch.large.scan.filter((l) => !l.includes('reminders_due_idx')).length,
          '==',
          0,
          'plans',
        ),
        judge(
          `${large} due reminders claimed, p99 lateness`,
          late.timedOut ? Number.NaN : late.claimLateness.p99,
          '<',
          2000,
          'ms',
        ),
        judge(
          'reminders fired other than exactly once (or posted twice)',
          late.rows.never +
            late.rows.more +
            late.rows.otherKindsFired +
            late.delivery.duplicates +
            late.delivery.unmarked,
          '==',
          0,
          'reminders',
        ),
        judge(`/incident stats all over ${incidents} incidents (median)`, stats.medianMs, '<', 1000, 'ms'),
      ],
      figures: {
        review: { ...review, entries: REVIEW_ENTRIES, gc },
        scheduler: sch,
        stats,
      },
    };
  },
};
