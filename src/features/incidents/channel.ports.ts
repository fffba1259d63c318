import type { Result } from '../../domain/result';

export type ChannelFailure =
  | { kind: 'name_taken' }
  /** `transient`: Slack was busy or unreachable (worth trying later); `retryAfterMs` when it said how long. */
  | { kind: 'failed'; error: string; transient: boolean; retryAfterMs?: number };

/** Slack calls whose answer the flow itself needs (as opposed to notices sent after a commit). */
export interface ChannelGateway {
  createChannel(name: string, isPrivate: boolean): Promise<Result<{ id: string; name: string }, ChannelFailure>>;
  /**
   * A channel of that name this bot created, if any: a create whose answer was
   * lost (timeout, crash) may have made it, and a retry must adopt it, not add a second.
   */
  findOwnChannel(name: string): Promise<{ id: string; name: string } | undefined>;
  /** How long after one channel creation the next may go when Slack's budget for them is spent. */
  creationSpacingMs(): number;
  /** Best effort: used to take back a channel whose incident could not be saved. */
  archiveChannel(channelId: string): Promise<void>;
}
