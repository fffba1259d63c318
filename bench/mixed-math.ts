/**
 * The pure part of the mixed-load bench (bench/mixed.ts): which request goes
 * where in the fixed schedule, and the exactly-once arithmetic over what Slack
 * received. Unit-tested in tests/unit/bench/mixed.test.ts.
 */

export type MixedKind = 'event' | 'read' | 'change';
export const MIXED_KINDS: readonly MixedKind[] = ['event', 'read', 'change'];

/** Per 20 requests: 12 message events, 5 `/incident status`, 3 `/incident severity`. */
export const DEFAULT_MIX: Record<MixedKind, number> = { event: 12, read: 5, change: 3 };

/**
 * One cycle of the mix, spread evenly (smooth weighted round robin), so every
 * second of the run carries the same mix instead of bursts of one kind.
 */
export function mixCycle(weights: Record<MixedKind, number>): MixedKind[] {
  const total = MIXED_KINDS.reduce((s, k) => s + weights[k], 0);
  if (
    !Number.isInteger(total) ||
    total <= 0 ||
    MIXED_KINDS.some((k) => !Number.isInteger(weights[k]) || weights[k] < 0)
  ) {
    throw new Error(`mix weights must be non-negative integers with a positive sum, got ${JSON.stringify(weights)}`);
  }
  const current: Record<MixedKind, number> = { event: 0, read: 0, change: 0 };
  const out: MixedKind[] = [];
  for (let i = 0; i < total; i++) {
    let best: MixedKind = MIXED_KINDS[0];
    for (const k of MIXED_KINDS) {
      current[k] += weights[k];
      if (current[k] > current[best]) best = k;
    }
    current[best] -= total;
    out.push(best);
  }
  return out;
}

export interface PlannedRequest {
  kind: MixedKind;
  channel: string;
  /** The slash command's text (commands only). */
  text?: string;
  /** Message events: makes event_id and ts unique. */
  seq?: number;
}

/**
 * Requests `start` .. `start + count - 1` of one run. Each kind goes round robin
 * over `channels`; the k-th severity change of the run goes to channel k mod N
 * and sets SEV2, SEV3, SEV2, … in turn per channel, so with incidents declared
 * SEV3 every change is a real change when the commands are applied in order.
 * Blocks of one run continue the same sequence (start = requests sent before).
 */
export function planMixed(o: {
  start: number;
  count: number;
  channels: string[];
  cycle: MixedKind[];
  seqBase: number;
}): PlannedRequest[] {
  const n = o.channels.length;
  if (!n) throw new Error('planMixed: no channels');
  const L = o.cycle.length;
  // Position of each cycle slot among the slots of its kind, and the kind's slots per cycle.
  const perCycle: Record<MixedKind, number> = { event: 0, read: 0, change: 0 };
  const rank = o.cycle.map((k) => perCycle[k]++);
  const out: PlannedRequest[] = [];
  for (let g = o.start; g < o.start + o.count; g++) {
    const slot = g % L;
    const kind = o.cycle[slot];
    const k = Math.floor(g / L) * perCycle[kind] + rank[slot];
    const channel = o.channels[k % n];
    if (kind === 'event') out.push({ kind, channel, seq: o.seqBase + g });
    else if (kind === 'read') out.push({ kind, channel, text: 'status' });
    else out.push({ kind, channel, text: `severity ${Math.floor(k / n) % 2 === 0 ? 2 : 3}` });
  }
  return out;
}

export interface DeliveryCheck {
  /** Committed changes: each owes one post. */
  expected: number;
  /** Matching posts Slack received. */
  posted: number;
  /** Distinct delivery keys among them. */
  distinct: number;
  lost: number;
  duplicates: number;
  /** Posts with a key the expected ones do not account for (distinct beyond expected). */
  unexpected: number;
}

/**
 * Exactly-once over one kind of post: `keys` are the delivery keys (message
 * metadata) of the posts found, one entry per post; a post without a key counts
 * as its own distinct post.
 */
export function deliveryCheck(expected: number, keys: (string | undefined)[]): DeliveryCheck {
  const seen = new Set<string>();
  let unkeyed = 0;
  for (const k of keys) {
    if (k === undefined) unkeyed++;
    else seen.add(k);
  }
  const distinct = seen.size + unkeyed;
  return {
    expected,
    posted: keys.length,
    distinct,
    lost: Math.max(0, expected - distinct),
    duplicates: keys.length - distinct,
    unexpected: Math.max(0, distinct - expected),
  };
}

export function addChecks(a: DeliveryCheck, b: DeliveryCheck): DeliveryCheck {
  return {
    expected: a.expected + b.expected,
    posted: a.posted + b.posted,
    distinct: a.distinct + b.distinct,
    lost: a.lost + b.lost,
    duplicates: a.duplicates + b.duplicates,
    unexpected: a.unexpected + b.unexpected,
  };
}

export const NO_DELIVERIES: DeliveryCheck = {
  expected: 0,
  posted: 0,
  distinct: 0,
  lost: 0,
  duplicates: 0,
  unexpected: 0,
};

/** A small seeded PRNG (mulberry32): the same seed injects faults into the same call numbers. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** HTTP status → bucket for the report: '2xx', '4xx', '5xx', or 'error' (no answer: timeout, reset). */
export function statusClass(status: number): '2xx' | '3xx' | '4xx' | '5xx' | 'error' {
  if (status >= 200 && status < 300) return '2xx';
  if (status >= 300 && status < 400) return '3xx';
  if (status >= 400 && status < 500) return '4xx';
  if (status >= 500) return '5xx';
  return 'error';
}
