import os from 'node:os';
import { envNumber } from './env';
import { progress, runPart } from './part-main';
import { type Cleanups, SIGNING_SECRET, startPartStack } from './stack';
import { measureStatusAck, STATUS_SECONDS } from './status-ack';

/**
 * `node dist/bench/status-main.js`: only the `/incident status` ack-latency part of
 * the bench (BENCH_RATE, BENCH_SECONDS, BENCH_WARMUP_SECONDS as for `npm run bench`),
 * printing its report as one JSON line; small enough to run under `--cpu-prof`.
 */

async function main(cleanups: Cleanups): Promise<void> {
  const loadBefore = os.loadavg()[0];
  const { emulator, bot, bare, load, target } = await startPartStack(cleanups, {
    title: 'Bench status target',
    severity: 'SEV2',
  });
  const report = await measureStatusAck({
    load,
    emulator,
    bot,
    bareUrl: bare.eventsUrl,
    signingSecret: SIGNING_SECRET,
    target,
    user: 'UALICE',
    rate: envNumber('BENCH_RATE', 100),
    seconds: envNumber('BENCH_SECONDS', STATUS_SECONDS),
    warmupSeconds: envNumber('BENCH_WARMUP_SECONDS', 3),
    timeoutMs: 5000,
    progress,
    defer: (what, fn) => cleanups.push({ what, fn }),
  });
  process.stdout.write(`${JSON.stringify({ ...report, load: [loadBefore, os.loadavg()[0]] })}\n`);
}

runPart(main);
