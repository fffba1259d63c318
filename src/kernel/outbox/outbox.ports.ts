import type { Notice } from './notice';

export interface ClaimedNotice {
  id: number;
  /** One incident's (or drill plan's) notices, delivered in order. */
  lane: string;
  /** null when the stored row cannot be read back as a notice (`undecodable` says why). */
  notice: Notice | null;
  undecodable?: string;
  /** When the step at hand was first tried, by the database's wall clock (the one Slack's timestamps follow). */
  since: Date;
  /** Steps of this notice already delivered. */
  step: number;
  /** Claims so far. */
  attempts: number;
  /**
   * An earlier attempt may have done more than `step` says: it timed out, got a
   * 5xx or died holding the claim. Not after a 429, which Slack refuses unprocessed.
   */
  unsure: boolean;
  claimToken: string;
}

export interface OutboxRepository {
  /** Several at once keep their order (in a lane, the first is delivered first). */
  enqueue(notices: Notice | readonly Notice[], at: Date): Promise<void>;
  /**
   * Enqueues `notice`, due at `due`, unless a notice of its kind waits unclaimed in its lane: that one reads the
   * record when delivered, so it covers this change too. The waiting row stays locked until the caller's
   * transaction ends, so no claim starts on it before this change is committed. True when it enqueued.
   */
  enqueueCoalesced(notice: Notice, due: Date, at: Date): Promise<boolean>;
  claim(now: Date, leaseMs: number, limit: number): Promise<ClaimedNotice[]>;
  /** Records progress and extends the lease to `leaseUntil`; false when the claim was lost (lease expired and another replica took it). */
  advance(n: ClaimedNotice, step: number, leaseUntil: Date, error?: string): Promise<boolean>;
  finish(n: ClaimedNotice, at: Date): Promise<void>;
  /**
   * `clean`: the failed attempt surely changed nothing in Slack (see ClaimedNotice.unsure). `paced`: it waits
   * for Firebreak's own rate budget, which is neither an attempt nor an error.
   */
  retryAt(n: ClaimedNotice, due: Date, error: string, clean: boolean, paced?: boolean): Promise<void>;
  /** Sets the notice aside for good: it no longer holds up its lane. */
  deadLetter(n: ClaimedNotice, at: Date, error: string): Promise<void>;
  /** How many notices a claim at `now` could take: due lane heads, none still held by a claim. */
  claimableBy(now: Date): Promise<number>;
}

/**
 * Every Slack side effect that follows a state change leaves through here, written
 * in the same transaction as the change (an outbox) and delivered after it commits.
 */
export interface Notifier {
  /** `tx`: the caller's transaction (only its outbox is used). */
  notify(tx: { outbox: OutboxRepository }, notice: Notice | readonly Notice[]): Promise<void>;
}
