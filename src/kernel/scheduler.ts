import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from './clock';
import type { Logger } from './log';

/**
 * node-cron beats once a second and a tick runs when `schedulerTick` has passed,
 * so any tick length works (cron fields alone cannot say "every 45s"). A tick
 * only claims what is due in PostgreSQL; nothing due lives in memory, so a
 * restart or a second replica changes nothing.
 */
const BATCH = 200;

/** What the features owe on a schedule, wired by main.ts: the scheduler only knows when to ask. */
export interface ScheduledWork {
  /** Asked once a tick, first; a failure is logged (as "<name> failed") and the tick goes on. */
  once: { name: string; run(now: Date): Promise<unknown> }[];
  /** Claims and fires up to `limit` of what is due at `now`; a full batch is asked again at once. */
  batch(now: Date, limit: number): Promise<{ claimed: number; fired: number }>;
}
const MAX_ROUNDS = 20;
/**
 * node-cron's beat comes a few ms early or late: a tick due every second compared exactly with the last one's
 * start would skip every other beat that came 999 ms after it, so a reminder could wait two seconds. A beat
 * within half a beat of the tick's time counts as on time.
 */
const BEAT_TOLERANCE_MS = 500;

export class Scheduler {
  private task: ScheduledTask | undefined;
  private running: Promise<unknown> | undefined;
  private lastTick = 0;
  private stopping = false;

  constructor(
    private readonly work: ScheduledWork,
    private readonly clock: Clock,
    private readonly tickMs: number,
    private readonly log: Logger,
  ) {}

  start(): void {
    // No noOverlap: `running` already guards, and node-cron would warn on every skipped beat.
    this.task = cron.schedule('* * * * * *', () => this.beat());
  }

  private async beat(): Promise<void> {
    if (this.stopping || this.running || Date.now() - this.lastTick < this.tickMs - BEAT_TOLERANCE_MS) return;
    this.lastTick = Date.now();
    await this.tick().catch((e) => this.log.error('scheduler tick failed', { error: e }));
  }

  /** One pass over what is due at `now`; tests call it directly with a chosen time. */
  async tick(now: Date = this.clock.now()): Promise<number> {
    const run = this.drain(now);
    this.running = run;
    try {
      return await run;
    } finally {
      this.running = undefined;
    }
  }

  /** A full batch means more is due: claim again at once rather than a tick later. */
  private async drain(now: Date): Promise<number> {
    for (const job of this.work.once)
      await job.run(now).catch((e) => this.log.error(`${job.name} failed`, { error: e }));
    // Returns the reminders fired: their notices are in the outbox, which posts them.
    let fired = 0;
    // Once stopping, the round at hand is the last: what is still due stays claimable for the next start.
    for (let round = 0; round < MAX_ROUNDS && !this.stopping; round++) {
      const batch = await this.work.batch(round === 0 ? now : this.clock.now(), BATCH);
      fired += batch.fired;
      if (batch.claimed < BATCH) break;
    }
    return fired;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.task?.stop();
    await this.task?.destroy();
    await this.running?.catch(() => undefined);
  }
}
