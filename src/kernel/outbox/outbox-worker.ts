import { withCallContext } from '../call-priority';
import { deliverDue, type OutboxDeps } from './outbox';

/**
 * The other thing the worker delivers besides notices: incident channels whose declaring
 * request could not create them. They go before notices, since each owes a declared notice.
 */
export interface DeferredChannels {
  /** Creates the channels due now; how many it handled. */
  createDue(): Promise<number>;
  /** How many are due by `now` (for idle()). */
  dueBy(now: Date): Promise<number>;
}

const POLL_MS = 500;
/** Calls to other services in flight beyond the pass that claimed them; past this, a pass waits for its own. */
const MAX_BACKGROUND = 50;

/**
 * Drains the outbox: woken right after a commit for low latency, and polling
 * for retries that fall due and for notices another replica left behind.
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  /** Deliveries to other services that run past the pass that claimed them (see deliverDue). */
  private readonly background = new Set<Promise<void>>();

  constructor(
    private readonly deps: OutboxDeps,
    private readonly deferredChannels: DeferredChannels = { createDue: async () => 0, dueBy: async () => 0 },
  ) {}

  start(): void {
    this.timer = setInterval(() => this.wake(), POLL_MS);
    this.timer.unref();
    this.wake();
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      // Keep going while there was work: a lane's next notice becomes claimable once its head is done.
      // A channel made here owes its declared notice, so channels go first.
      while (
        !this.stopped &&
        (await this.createChannels()) + (await deliverDue(this.deps, undefined, (d) => this.detach(d))) > 0
      );
    } catch (e) {
      this.deps.log.error('outbox delivery failed', { error: e });
    }
  }

  private detach(delivery: Promise<void>): boolean {
    if (this.background.size >= MAX_BACKGROUND) return false;
    const tracked = delivery
      .catch((error: unknown) => this.deps.log.error('outbox delivery failed', { error }))
      .finally(() => {
        this.background.delete(tracked);
        // Its lane's next notice may be claimable now.
        this.wake();
      });
    this.background.add(tracked);
    return true;
  }

  /** A declarer waits for each of these channels, but no request of theirs is open: put off without a token. */
  private createChannels(): Promise<number> {
    return withCallContext({ priority: 0, background: true }, () => this.deferredChannels.createDue());
  }

  /**
   * Settles when nothing is left that a pass could deliver now (tests, shutdown). Retries scheduled later
   * do not count, nor the notices queued behind them in their lane: they wait for the clock, not for us.
   * Rejects when work is still claimable after `timeoutMs`: a caller that goes on to assert what was
   * delivered would otherwise read a half-finished outbox and fail somewhere far from the cause.
   */
  async idle(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.running;
      await Promise.all(this.background);
      this.wake();
      await this.running;
      // Without a database there is nothing this process can deliver now: do not wait for it.
      const now = this.deps.clock.now();
      const claimable =
        (await this.deps.uow.outbox.claimableBy(now).catch(() => 0)) +
        (await this.deferredChannels.dueBy(now).catch(() => 0));
      if (claimable === 0 && !this.running && this.background.size === 0) return;
      if (Date.now() > deadline)
        throw new Error(
          `OutboxWorker.idle: ${claimable} notice(s) or owed channel(s) still due after ${timeoutMs} ms${this.running ? ' (a pass still running)' : ''}`,
        );
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Starts no new pass, ends the current one after the notices it claimed; unclaimed ones wait for the next start. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.stopped = true;
    await this.running;
    await Promise.all(this.background);
  }
}
