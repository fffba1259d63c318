import type { Cleanups } from './stack';

export const progress = (msg: string) => process.stderr.write(`bench: ${msg}\n`);

/**
 * Runs one part of the bench as its own process (`node dist/bench/<part>-main.js`,
 * handy under `--cpu-prof`): whatever the part started is stopped in reverse order,
 * also when it fails, so no database or server is left behind.
 */
export function runPart(part: (cleanups: Cleanups) => Promise<void>): void {
  const cleanups: Cleanups = [];
  part(cleanups)
    .catch((e: unknown) => {
      process.stderr.write(`bench: failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    })
    .finally(async () => {
      for (const c of cleanups.splice(0).reverse())
        await c.fn().catch((e: unknown) => progress(`cleanup of ${c.what} failed: ${String(e)}`));
      process.exit();
    });
}
