/**
 * Slack's Web API rate limits for every method Firebreak calls, written down once: the pacer
 * (./pacer.ts) spends from these buckets before each call, so no 429 is our own doing.
 *
 * Sources: docs.slack.dev, "Rate limits" (limits apply per method, per app, per workspace;
 * Tier 1: 1+/min, Tier 2: 20+/min, Tier 3: 50+/min, Tier 4: 100+/min, "bursts tolerated"), and each
 * method's page for its tier, cross-checked against Slack's java-slack-sdk `MethodsRateLimits`
 * (see ../shared/slack-api-specs/surfaces-and-limits.md §1.1–1.3 and surfaces/rate-limit-tiers.json).
 * chat.postMessage is special: "about 1 message per second per channel, short bursts allowed" (the
 * java SDK's 60/min per channel) and a workspace cap of "several hundred per minute" (we take 300).
 *
 * The bucket, the same rule as the Slack emulator's (a unit test holds the two tables together):
 * capacity = the per-minute figure (a minute's allowance may go at once: the tolerated burst),
 * refilled continuously at per-minute / 60 per second. We take the documented minimum of each "N+".
 */

export type LimitScope = 'workspace' | 'channel';

export interface SlackLimit {
  /** `channel`: one bucket per channel (chat.postMessage); `workspace`: one per method in the workspace. */
  scope: LimitScope;
  perMinute: number;
  capacity: number;
}

const TIER_PER_MINUTE = { 1: 1, 2: 20, 3: 50, 4: 100 } as const;

const limit = (scope: LimitScope, perMinute: number): SlackLimit => ({ scope, perMinute, capacity: perMinute });
const tier = (t: keyof typeof TIER_PER_MINUTE): readonly SlackLimit[] => [limit('workspace', TIER_PER_MINUTE[t])];

/** Method → the buckets one call spends from (every one, or none). */
export const SLACK_METHOD_LIMITS: Readonly<Record<string, readonly SlackLimit[]>> = {
  'auth.test': [limit('workspace', 600)], // special: "hundreds per minute" (java SDK: 600/min)
  'bookmarks.add': tier(2),
  'bookmarks.list': tier(3),
  'chat.delete': tier(3),
  'chat.getPermalink': [limit('workspace', 600)], // special: "hundreds per minute" (java SDK: 600/min)
  'chat.postEphemeral': tier(4),
  'chat.postMessage': [limit('channel', 60), limit('workspace', 300)], // special, see above
  'chat.update': tier(3),
  'conversations.archive': tier(2),
  'conversations.create': tier(2),
  // Tier 3 for internal apps; the 2025 1/min rule is for commercially distributed non-Marketplace apps.
  'conversations.history': tier(3),
  'conversations.info': tier(3),
  'conversations.invite': tier(3),
  'conversations.join': tier(3),
  'conversations.list': tier(2),
  'conversations.members': tier(4),
  'conversations.open': tier(3),
  'conversations.replies': tier(3),
  'conversations.setTopic': tier(2),
  'files.completeUploadExternal': tier(4),
  'files.getUploadURLExternal': tier(4),
  'files.info': tier(4),
  'functions.completeError': tier(3),
  'functions.completeSuccess': tier(3),
  'pins.add': tier(2),
  'reactions.add': tier(3),
  'usergroups.users.list': tier(2),
  'users.info': tier(4),
  'users.list': tier(2),
  'views.open': tier(4),
  'views.publish': tier(4),
  'views.push': tier(4),
  'views.update': tier(4),
};

/** A method missing from the table (a new call nobody looked up) is paced as the middle tier, not left unpaced. */
const UNLISTED = tier(3);

export interface Bucket extends SlackLimit {
  /** Names the bucket across replicas: `team:method`, or `team:method:channel`. */
  key: string;
}

/** The buckets a call to `method` with `args` spends from, in workspace `team`. */
export function bucketsFor(team: string, method: string, args: Record<string, unknown> | undefined): Bucket[] {
  return (SLACK_METHOD_LIMITS[method] ?? UNLISTED).map((l) => ({
    ...l,
    key: l.scope === 'channel' ? `${team}:${method}:${String(args?.channel ?? '')}` : `${team}:${method}`,
  }));
}
