/** One token bucket, as the pacer asks for it: refilled at `perMs` tokens per ms up to `capacity`. */
export interface BucketSpec {
  key: string;
  capacity: number;
  perMs: number;
  /** Tokens the take must leave behind (kept for calls a person waits for). */
  reserve: number;
}

/**
 * Token buckets every replica shares: one budget for the whole deployment. Times come from the caller's
 * clock, the one the outbox schedules its retries by, so a wait and the retry it causes agree.
 */
export interface RateBuckets {
  /** Takes one token from every bucket, or from none: 0 when taken, else the ms until each holds one above its reserve. */
  take(buckets: readonly BucketSpec[], at: Date): Promise<number>;
  /**
   * Slack answered 429: the buckets are empty for every replica until `until`, and then hold just what the
   * refused call needs (one token above its reserve), so its retry at Retry-After goes.
   */
  drain(buckets: readonly BucketSpec[], until: Date): Promise<void>;
}
