import type { Ingested } from './ports';
import type { MessagePosted } from './timeline';

export interface MessageIntakeOptions {
  /** Stores one new message (idempotent by channel and Slack ts). */
  store: (m: MessagePosted) => Promise<Ingested>;
  /** Accepted messages not yet stored, beyond which a new one waits for its own commit. */
  maxPending: number;
  /** Wait before the n-th retry (n from 1) of a message whose store failed. */
  retryDelayMs: (attempt: number) => number;
  /** How long an edit, a deletion or a reaction waits for its channel's accepted messages. */
  settleTimeoutMs: number;
  /** Whether a failed store is worth trying again (the database was unreachable), or would fail alike every time. */
  retryable: (error: unknown) => boolean;
  /** `willRetry` false: the message is given up (a bad row, or the intake was stopped while the database was down). */
  onStoreFailed: (m: MessagePosted, attempt: number, error: unknown, willRetry: boolean) => void;
}

/** An edit, deletion or reaction came while its channel still had messages waiting to be stored. */
export class ChannelNotSettledError extends Error {
  constructor(readonly channelId: string) {
    super(`messages of ${channelId} are still waiting to be stored`);
  }
}

/**
 * When Slack may be told a new channel message is ours.
 *
 * A message is accepted before it is committed while storing is healthy: nothing
 * failed since the last success and few messages are waiting. Slack then gets
 * its 200 at once, and the message is stored a few milliseconds later, retried
 * here until it is. Otherwise, while the database is failing or behind, the
 * caller waits for the commit itself, so a failure reaches Slack as an error and
 * Slack redelivers the event. What is lost is therefore bounded by what was
 * accepted and not yet stored when the process died hard (SIGKILL, a crash): at
 * most `maxPending` messages, normally the last few milliseconds' worth. A
 * graceful stop stores them first.
 */
export class MessageIntake {
  private pending = 0;
  private isFailing = false;
  private stopping = false;
  private abandoned = false;
  private readonly byChannel = new Map<string, Set<Promise<void>>>();

  constructor(private readonly o: MessageIntakeOptions) {}

  /** Messages accepted and not yet stored. */
  get unstored(): number {
    return this.pending;
  }

  /** A store failed because the database was unreachable, and none has succeeded since. */
  get failing(): boolean {
    return this.isFailing;
  }

  /** Resolves once Slack may be answered: at once when accepted early, else after the commit (rejecting if it failed). */
  async message(m: MessagePosted): Promise<void> {
    if (this.isFailing || this.stopping || this.pending >= this.o.maxPending) {
      try {
        await this.o.store(m);
      } catch (e) {
        if (this.o.retryable(e)) this.isFailing = true;
        throw e;
      }
      this.isFailing = false;
      return;
    }
    this.pending++;
    // Started on the next turn of the event loop: building the statement and writing
    // it to the database socket would otherwise run before the HTTP answer is written
    // (see Inflight.afterAck), and messages arriving in the same turn share a batch.
    const stored = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.storeUntilDone(m)).finally(() => {
      this.pending--;
      const set = this.byChannel.get(m.channelId);
      set?.delete(stored);
      if (set?.size === 0) this.byChannel.delete(m.channelId);
    });
    const set = this.byChannel.get(m.channelId) ?? new Set();
    set.add(stored);
    this.byChannel.set(m.channelId, set);
  }

  /**
   * Waits until every message accepted for the channel so far is stored, so an
   * edit, a deletion or a :pushpin: finds its message. Throws after
   * `settleTimeoutMs`, so Slack gets an error and redelivers that event later.
   */
  async settled(channelId: string): Promise<void> {
    const set = this.byChannel.get(channelId);
    if (!set?.size) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ChannelNotSettledError(channelId)), this.o.settleTimeoutMs);
    });
    try {
      await Promise.race([Promise.all(set), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Waits for every accepted message to be stored. */
  async idle(): Promise<void> {
    while (this.byChannel.size) await Promise.all([...this.byChannel.values()].flatMap((s) => [...s]));
  }

  /**
   * Stops accepting early and waits up to `timeoutMs` for what was accepted;
   * returns how many accepted messages are still not stored (the database is down).
   */
  async stop(timeoutMs: number): Promise<number> {
    this.stopping = true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.idle(), new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    this.abandoned = true;
    return this.pending;
  }

  private async storeUntilDone(m: MessagePosted): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.o.store(m);
        this.isFailing = false;
        return;
      } catch (e) {
        const willRetry = this.o.retryable(e) && !this.abandoned;
        this.o.onStoreFailed(m, attempt, e, willRetry);
        if (!willRetry) return;
        this.isFailing = true;
        // Unref'd: a retry never keeps a stopped process alive; a running one has its server.
        await new Promise((resolve) => setTimeout(resolve, this.o.retryDelayMs(attempt)).unref());
      }
    }
  }
}
