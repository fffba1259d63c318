import os from 'node:os';
import { measureScheduler } from './scheduler';
import { schedulerConfig } from './scheduler-config';

/**
 * `node dist/bench/scheduler-main.js`: only the scheduler part of the bench
 * (same env vars as `npm run bench`), printing its report as one JSON line.
 */
const cleanups: { what: string; fn: () => Promise<unknown> }[] = [];
const progress = (msg: string) => process.stderr.write(`bench: ${msg}\n`);

async function main(): Promise<void> {
  const load = os.loadavg()[0];
  const r = await measureScheduler({
    ...schedulerConfig(),
    botToken: 'xoxb-bench-token',
    signingSecret: 'bench-signing-secret',
    progress,
    defer: (what, fn) => cleanups.push({ what, fn }),
  });
  process.stdout.write(`${JSON.stringify({ ...r, load: [load, os.loadavg()[0]] })}\n`);
}

main()
  .catch((e: unknown) => {
    process.stderr.write(`bench: failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const c of cleanups.splice(0).reverse()) await c.fn().catch((e: unknown) => progress(`cleanup of ${c.what} failed: ${String(e)}`));
    process.exit();
  });
