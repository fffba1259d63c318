import { benchReviewGeneration } from './review-generation';

/**
 * Child-process entry for the review-generation measurement: run.ts starts it as
 * `node --expose-gc`, so the heap baseline is collected and not shared with the
 * database clients, servers and load results of the rest of the bench.
 * Prints one JSON line: { ms, extraHeapMb, entries, gc }.
 */
const entries = Number(process.argv[2] ?? 10_000);
benchReviewGeneration(entries).then(
  (r) => process.stdout.write(`${JSON.stringify({ ...r, entries, gc: typeof global.gc === 'function' })}\n`),
  (e: unknown) => {
    process.stderr.write(`review generation failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
