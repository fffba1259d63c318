import os from 'node:os';
import { progress, runPart } from './part-main';
import { measureScheduler } from './scheduler';
import { schedulerConfig } from './scheduler-config';
import type { Cleanups } from './stack';

/**
 * `node dist/bench/scheduler-main.js`: only the scheduler part of the bench
 * (same env vars as `npm run bench`), printing its report as one JSON line.
 */

async function main(cleanups: Cleanups): Promise<void> {
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

runPart(main);
