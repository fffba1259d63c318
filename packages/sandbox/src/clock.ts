/**
 * The sandbox's one notion of time, shared by the bot and the emulator: real
 * time plus an offset that only grows. Advancing it makes nudges and digests
 * due without waiting; time never runs backwards, so message timestamps and
 * due times stay ordered. Firebreak's Clock port (`now(): Date`) is met by shape.
 */
export class SandboxClock {
  private offset: number;

  /** `offsetMs`: how far ahead a sandbox saved before a restart was, so its time carries on from there. */
  constructor(
    private readonly realNow: () => number = Date.now,
    offsetMs = 0,
  ) {
    this.offset = Number.isFinite(offsetMs) && offsetMs > 0 ? offsetMs : 0;
  }

  now(): Date {
    return new Date(this.realNow() + this.offset);
  }

  /** How far ahead of real time the sandbox is, in ms. */
  get offsetMs(): number {
    return this.offset;
  }

  /** Moves time forward by `ms` (a positive, finite number) and returns the new now. */
  advance(ms: number): Date {
    if (!Number.isFinite(ms) || ms <= 0)
      throw new RangeError(`SandboxClock.advance: ${ms} is not a positive number of ms`);
    this.offset += ms;
    return this.now();
  }
}
