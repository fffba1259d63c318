/**
 * Slack's Web API rate limits, written down once, and the token buckets that
 * enforce them. Firebreak's own pacer uses the same numbers (a unit test
 * compares the two tables), so a change here is a change of what we believe
 * Slack does: cite the source.
 *
 * Sources (see ../shared/slack-api-specs/surfaces-and-limits.md §1.1–1.3 and
 * surfaces/rate-limit-tiers.json): docs.slack.dev method pages (each method's
 * tier), cross-checked with Slack's own java-slack-sdk MethodsRateLimits.
 * Limits apply per method, per app, per workspace; chat.postMessage instead
 * has one limit per channel plus a workspace-wide cap.
 *
 * The bucket. Slack publishes each limit as "N per minute, bursts tolerated";
 * its java SDK counts N calls per minute. We model each as a token bucket:
 *   capacity = N             (a whole minute's allowance may be spent at once:
 *                             the "bursts tolerated")
 *   refill   = N / 60 per second, continuously
 * A call takes one token from every bucket it draws on, or from none: a refused
 * call spends nothing. The wait before the next call can pass is the time the
 * emptiest bucket needs to hold one token again.
 *
 * The numbers (per minute):
 *   Tier 1: 1, Tier 2: 20, Tier 3: 50, Tier 4: 100 (the documented minimum of each "N+")
 *   chat.postMessage: 60 per channel ("about 1 per second", the java SDK's 60/min)
 *                     and 300 per workspace ("several hundred": the least that says)
 *   chat.getPermalink, auth.test: 600 ("hundreds per minute", the java SDK's 600/min)
 * Methods absent from the table are not limited.
 */

export type Tier = 'tier1' | 'tier2' | 'tier3' | 'tier4';

/** Calls per minute of each tier, per method per workspace (docs.slack.dev "Rate limits"). */
export const TIER_PER_MINUTE: Readonly<Record<Tier, number>> = { tier1: 1, tier2: 20, tier3: 50, tier4: 100 };

/** Method → tier as Slack documents it; 'special' methods have their own rule (SPECIAL_LIMITS). */
export const METHOD_TIERS: Readonly<Record<string, Tier | 'special'>> = {
  // From surfaces/rate-limit-tiers.json (docs.slack.dev, java SDK agrees).
  'auth.test': 'special',
  'bookmarks.add': 'tier2',
  'chat.delete': 'tier3',
  'chat.getPermalink': 'special',
  'chat.postEphemeral': 'tier4',
  'chat.postMessage': 'special',
  'chat.update': 'tier3',
  'conversations.archive': 'tier2',
  'conversations.create': 'tier2',
  // Tier 3 for internal apps; the 2025 1/min rule hits only commercially distributed non-Marketplace apps.
  'conversations.history': 'tier3',
  'conversations.info': 'tier3',
  'conversations.invite': 'tier3',
  'conversations.join': 'tier3',
  'conversations.kick': 'tier3',
  'conversations.members': 'tier4',
  'conversations.replies': 'tier3',
  'conversations.setPurpose': 'tier2',
  'conversations.setTopic': 'tier2',
  'files.completeUploadExternal': 'tier4',
  'files.getUploadURLExternal': 'tier4',
  'functions.completeError': 'tier3',
  'functions.completeSuccess': 'tier3',
  'pins.add': 'tier2',
  'reactions.add': 'tier3',
  'usergroups.users.list': 'tier2',
  'users.info': 'tier4',
  'users.list': 'tier2',
  'users.lookupByEmail': 'tier3',
  'views.open': 'tier4',
  'views.publish': 'tier4',
  'views.push': 'tier4',
  'views.update': 'tier4',
  // Methods the emulator serves that the JSON lacks: their docs.slack.dev pages.
  'api.test': 'tier4',
  'apps.connections.open': 'tier1',
  'bookmarks.list': 'tier3',
  'conversations.list': 'tier2',
  'conversations.open': 'tier3',
  'files.info': 'tier4',
  'pins.list': 'tier2',
  'pins.remove': 'tier2',
};

/** What a bucket counts: calls to the method in the workspace, or chat.postMessage calls to one channel. */
export type LimitScope = 'workspace' | 'channel';

export interface RateLimit {
  scope: LimitScope;
  perMinute: number;
  /** Tokens when full: the largest burst. */
  capacity: number;
  /** Tokens added per second (of the emulator's clock, before any time scale). */
  refillPerSecond: number;
}

/** The one rule turning "N per minute" into a bucket (see the top of this file). */
export function bucketOf(scope: LimitScope, perMinute: number): RateLimit {
  return { scope, perMinute, capacity: perMinute, refillPerSecond: perMinute / 60 };
}

export const POST_MESSAGE_PER_CHANNEL_PER_MINUTE = 60;
export const POST_MESSAGE_PER_WORKSPACE_PER_MINUTE = 300;
const HUNDREDS_PER_MINUTE = 600;

const SPECIAL_LIMITS: Readonly<Record<string, readonly RateLimit[]>> = {
  'chat.postMessage': [
    bucketOf('channel', POST_MESSAGE_PER_CHANNEL_PER_MINUTE),
    bucketOf('workspace', POST_MESSAGE_PER_WORKSPACE_PER_MINUTE),
  ],
  'chat.getPermalink': [bucketOf('workspace', HUNDREDS_PER_MINUTE)],
  'auth.test': [bucketOf('workspace', HUNDREDS_PER_MINUTE)],
};

/** Method → the buckets each call draws on. The table Firebreak's pacer must agree with. */
export const SLACK_RATE_LIMITS: Readonly<Record<string, readonly RateLimit[]>> = Object.fromEntries(
  Object.entries(METHOD_TIERS).map(([method, tier]) => [
    method,
    tier === 'special' ? SPECIAL_LIMITS[method] : [bucketOf('workspace', TIER_PER_MINUTE[tier])],
  ]),
);

/** A bucket's state: tokens held at time `at` (ms). */
export interface BucketState {
  tokens: number;
  at: number;
}

/** Tokens in the bucket at `now`, refilled at `perMs` tokens per ms up to capacity. */
export function refilled(state: BucketState, capacity: number, perMs: number, now: number): number {
  return Math.min(capacity, state.tokens + Math.max(0, now - state.at) * perMs);
}

// Refill sums floats: 3000 ms at 20/min may come to 0.9999999999 tokens, a 1000 ms wait to 1000.0000001.
const EPSILON = 1e-9;

/** Whole milliseconds (rounded up) until a bucket holding `tokens` holds one whole token (0 when it already does). */
export function msUntilToken(tokens: number, perMs: number): number {
  return tokens >= 1 - EPSILON ? 0 : Math.ceil((1 - tokens) / perMs - EPSILON);
}

/** The verdict on one call: pass, or the wait (ms of the clock) before the same call could pass, and which bucket said no. */
export type RateVerdict = { ok: true } | { ok: false; retryAfterMs: number; scope: LimitScope };

/**
 * Every bucket of one workspace. `timeScale` speeds refilling for tests: at 100
 * a minute's allowance comes back in 600 ms of the clock (capacities stay).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, BucketState>();

  constructor(
    private readonly now: () => number,
    readonly timeScale = 1,
    private readonly table: Readonly<Record<string, readonly RateLimit[]>> = SLACK_RATE_LIMITS,
  ) {
    if (!(timeScale > 0)) throw new Error(`RateLimiter: timeScale must be > 0, got ${timeScale}`);
  }

  /** Takes a token from each bucket `method` (to `channel`) draws on, or from none and says how long to wait. */
  take(method: string, channel?: string): RateVerdict {
    const limits = this.table[method];
    if (!limits) return { ok: true };
    const now = this.now();
    const drawn = limits.map((limit) => {
      const key = limit.scope === 'channel' ? `${method} ${channel ?? ''}` : method;
      const perMs = (limit.refillPerSecond * this.timeScale) / 1000;
      const state = this.buckets.get(key) ?? { tokens: limit.capacity, at: now };
      return { key, limit, perMs, tokens: refilled(state, limit.capacity, perMs, now) };
    });
    const short = drawn
      .map((d) => ({ scope: d.limit.scope, wait: msUntilToken(d.tokens, d.perMs) }))
      .reduce((a, b) => (b.wait > a.wait ? b : a));
    if (short.wait > 0) return { ok: false, retryAfterMs: short.wait, scope: short.scope };
    for (const d of drawn) this.buckets.set(d.key, { tokens: d.tokens - 1, at: now });
    return { ok: true };
  }

  /** Full buckets again (emulator.reset()). */
  clear(): void {
    this.buckets.clear();
  }
}

/**
 * The Retry-After header for a wait of `ms`: whole seconds, rounded up, at least 1.
 * Slack sends integer seconds and @slack/web-api reads the header with parseInt,
 * so a fraction would be cut down (0.4 → 0: retry at once, refused again). With a
 * time scale the wait is often far under a second: 1 is then coarse but honest
 * (a client that waits it always passes); the exact wait is in the 429 record.
 */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
