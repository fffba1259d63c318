import type { GoalResult } from './maths';

/** What the runner hands every part, in the part's own child process. */
export interface PartOptions {
  /** Reduced sizes: `npm run bench -- --quick` runs every part in under 2 minutes in all. */
  quick: boolean;
  progress(msg: string): void;
  /** Registers a cleanup, run in reverse order when the part ends (also when it fails). */
  defer(what: string, fn: () => Promise<unknown>): void;
}

export interface PartOutcome {
  goals: GoalResult[];
  /** Everything else measured, for the JSON file and for reading figures beside the goals. */
  figures: Record<string, unknown>;
}

/** One line of the result file per part; the same shape for every part. */
export interface PartResult extends PartOutcome {
  part: string;
  quick: boolean;
  /** Set when the part itself broke (then its goals are missing, not failed). */
  error?: string;
}

export interface Part {
  name: string;
  /** The goals it judges, as the README lists them. */
  goals: readonly string[];
  run(o: PartOptions): Promise<PartOutcome>;
  /** Lines the runner prints beside the goals, for figures that are not goals. */
  summary?(figures: Record<string, unknown>): string[];
}

/** Prefix of the one line a part's child prints with its result. */
export const RESULT_PREFIX = 'PART_JSON ';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a value; throws with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, fn: () => T | undefined, timeoutMs = 15_000, everyMs = 5): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}
