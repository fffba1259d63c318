/**
 * Counts Slack requests still being worked on after their ack, so shutdown (and
 * tests) can wait for them instead of cutting them off.
 */
/** Slack waits 3 s for an ack; this leaves the answer time to travel. */
const ACK_DEADLINE_MS = 2500;

export class Inflight {
  private readonly pending = new Set<Promise<unknown>>();

  track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    const done = () => this.pending.delete(work);
    work.then(done, done);
    return work;
  }

  /**
   * Runs a listener's slow part once its ack is on the wire. With
   * processBeforeResponse the receiver writes the answer when the listener chain
   * settles, a run of microtasks; work started in the listener itself would build
   * its query and write to the database socket first, and the ack would wait for
   * that. setImmediate starts it on the next turn of the event loop instead. It is
   * counted from now, so a shutdown in between still waits for it.
   */
  afterAck(work: () => Promise<unknown>): void {
    this.track(new Promise<void>((resolve) => setImmediate(resolve)).then(work));
  }

  /**
   * A click or command that changes something: Slack hears it was received only once the change is committed.
   * With processBeforeResponse the HTTP answer leaves when the listener settles, so the listener awaits `commit`
   * (a transaction, not a Slack round trip), acks, and leaves what it tells Slack to run after the ack. A commit
   * that throws is acked all the same and `answer` tells the person nothing was recorded: Slack does not retry
   * a click or a command, so a missing ack would only show them a bare error. A commit still running when
   * Slack's 3 s are nearly up (the database stalls) is acked then, for the same reason, and answers when done.
   * `answer` logs its own failures.
   */
  async commitThenAck<T>(
    ack: () => Promise<void>,
    commit: () => Promise<T>,
    answer: (outcome: { ok: true; value: T } | { ok: false; error: unknown }) => Promise<unknown>,
  ): Promise<void> {
    const settled = this.track(
      commit().then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      ),
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([settled, new Promise<void>((resolve) => (timer = setTimeout(resolve, ACK_DEADLINE_MS)))]);
    clearTimeout(timer);
    await ack();
    this.afterAck(async () => answer(await settled));
  }

  async idle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }
}
