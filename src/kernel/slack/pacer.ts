import { type CallContext, callContext } from '../call-priority';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { BucketSpec, RateBuckets } from '../rate-buckets.ports';
import { bucketsFor } from './rate-limits';

/** Share of each bucket that digests and nudges may not spend: what a person waits for still finds a token. */
export const LOW_PRIORITY_RESERVE = 0.2;
/**
 * Share that ordinary notices (updates and their subscribers' DMs) may not spend either: in a storm they
 * would otherwise take every post of the workspace's budget as it refills, and a declarer's channel set-up
 * would wait behind thousands of DMs.
 */
export const NORMAL_PRIORITY_RESERVE = 0.1;
/**
 * Our buckets refill this much slower than Slack's: Slack counts a call when it arrives, and the time a
 * call takes to get there varies, so calls spaced exactly at Slack's rate would now and then arrive
 * closer together than it allows. 5% is ample for a network's jitter at Slack's real rates (50 ms at
 * 1 call/s) and keeps 50 channel creations within 1.1× Tier 2's time.
 */
export const REFILL_MARGIN = 0.95;
/** How long a call inside a person's 3-second window may wait for a token before it fails as a 429 would. */
export const PERSON_WAIT_MS = 1000;

/**
 * What a call without a token throws: the shape @slack/web-api gives a 429 with `rejectRateLimitedCalls`,
 * so every caller handles it as it handles Slack's (the outbox retries at `retryAfter`, untouched).
 */
export class PacedError extends Error {
  readonly code = 'slack_webapi_rate_limited_error';
  readonly paced = true;
  /** Seconds, fractional: when the bucket holds a token for this call. */
  readonly retryAfter: number;
  constructor(method: string, waitMs: number) {
    super(`${method} paced: Firebreak's own budget for it is spent for ${Math.ceil(waitMs)} ms`);
    this.retryAfter = waitMs / 1000;
  }
}

export const isPaced = (error: unknown): boolean => (error as { paced?: unknown })?.paced === true;

export interface PacerOptions {
  buckets: RateBuckets;
  /** The workspace: Slack's budgets are per workspace. */
  team: string;
  /** > 1 runs Slack's minute faster (tests, matching the emulator's); default 1. */
  timeScale?: number;
  /** The clock the outbox schedules retries by: a paced notice is due when its token is. */
  clock: Clock;
  /** Counts `slack_paced_total{method,outcome}`: `waited` (a person's call) or `deferred` (put off). */
  count?: (method: string, outcome: 'waited' | 'deferred') => void;
  log: Logger;
}

/**
 * Spends a token of each of Slack's buckets a call draws on before it is made (every replica shares
 * them through PostgreSQL). A background call without a token throws PacedError at once; a person's
 * call waits up to PERSON_WAIT_MS, then throws it.
 */
export class SlackPacer {
  private readonly timeScale: number;
  constructor(private readonly options: PacerOptions) {
    this.timeScale = options.timeScale ?? 1;
  }

  async before(method: string, args: Record<string, unknown> | undefined): Promise<void> {
    const context = callContext();
    const specs = this.specs(method, args, context);
    const started = Date.now();
    let counted = false;
    for (;;) {
      const wait = await this.options.buckets.take(specs, this.options.clock.now()).catch((error: unknown) => {
        // Without the database there is no shared budget to read: a call is still better made (it may be the
        // answer telling someone the database is down) than refused by our own bookkeeping; Slack's 429 still guards.
        this.options.log.warn('Slack rate buckets unreadable; calling unpaced', { method, error });
        return 0;
      });
      if (wait === 0) return;
      const left = PERSON_WAIT_MS - (Date.now() - started);
      if (context.background || wait > left) {
        this.options.count?.(method, 'deferred');
        throw new PacedError(method, wait);
      }
      if (!counted) this.options.count?.(method, 'waited');
      counted = true;
      await new Promise((r) => setTimeout(r, Math.ceil(wait)));
    }
  }

  /** Slack's own 429 (another app spent the workspace's budget): no replica calls again before Retry-After. */
  async after429(method: string, args: Record<string, unknown> | undefined, retryAfterMs: number): Promise<void> {
    const until = new Date(this.options.clock.now().getTime() + retryAfterMs);
    await this.options.buckets.drain(this.specs(method, args, callContext()), until).catch((error: unknown) => {
      this.options.log.warn('could not record a 429 in the shared buckets', { method, error });
    });
  }

  /** How long after the bucket's next token the n-th later one comes: for telling a person when. */
  spacingMs(method: string): number {
    const [first] = bucketsFor(this.options.team, method, undefined);
    return 60_000 / (first.perMinute * REFILL_MARGIN * this.timeScale);
  }

  private specs(method: string, args: Record<string, unknown> | undefined, context: CallContext): BucketSpec[] {
    return bucketsFor(this.options.team, method, args).map((b) => ({
      key: b.key,
      capacity: b.capacity,
      perMs: (b.perMinute * REFILL_MARGIN * this.timeScale) / 60_000,
      // Never more than capacity - 1, or the call could never go.
      reserve: Math.min(b.capacity - 1, Math.max(context.keep ?? 0, b.capacity * reserveShare(context.priority))),
    }));
  }
}

const reserveShare = (priority: CallContext['priority']): number =>
  priority === 2 ? LOW_PRIORITY_RESERVE : priority === 1 ? NORMAL_PRIORITY_RESERVE : 0;
