import os from 'node:os';
import { declareOnce } from './declare-timing';
import { envNumber } from './env';
import { measureMixedLoad } from './mixed';
import { mixedGoals, mixedLines } from './mixed-report';
import { progress, runPart } from './part-main';
import { type Cleanups, SIGNING_SECRET, startBenchStack } from './stack';

/**
 * `node dist/bench/mixed-main.js`: only the mixed-load part of the bench (part 7),
 * with the same env vars as `npm run bench` (BENCH_LOAD_*, BENCH_WARMUP_SECONDS,
 * TEST_DATABASE_URL), printing its table, goals and one JSON line. Handy with
 * `node --cpu-prof` to see where Firebreak's time goes under the load.
 */

async function main(cleanups: Cleanups): Promise<void> {
  const load0 = os.loadavg()[0];
  const { database, emulator, bot, bare } = await startBenchStack(cleanups);
  const m = await measureMixedLoad({
    emulator,
    bot,
    bareUrl: bare.eventsUrl,
    signingSecret: SIGNING_SECRET,
    user: 'UALICE',
    announcementChannel: 'CINCIDENTS',
    ratePerSec: envNumber('BENCH_LOAD_RATE', 100),
    seconds: envNumber('BENCH_LOAD_SECONDS', 60),
    warmupSeconds: envNumber('BENCH_WARMUP_SECONDS', 3),
    incidents: envNumber('BENCH_LOAD_INCIDENTS', 10),
    faultRate: envNumber('BENCH_LOAD_FAULT_RATE', 0.1),
    drainTimeoutMs: envNumber('BENCH_LOAD_DRAIN_TIMEOUT_SECONDS', 120) * 1000,
    declare: (title) =>
      declareOnce(emulator, bot, {
        user: 'UALICE',
        channel: 'CGENERAL',
        announcementChannel: 'CINCIDENTS',
        title,
        severity: 'SEV3',
      }),
    progress,
    defer: (what, fn) => cleanups.push({ what, fn }),
  });
  const load: [number, number] = [load0, os.loadavg()[0]];
  const goals = mixedGoals(m, { ratio: 1.25, p99Ms: 50, drainMs: 5000 });
  process.stdout.write(
    `${[`${database.label}, ${os.cpus().length} CPUs`, ...mixedLines(m, load), ...goals.map((g) => `  ${g.pass ? 'PASS' : 'FAIL'}  ${g.goal}: ${g.detail}`)].join('\n')}\n`,
  );
  process.stdout.write(`MIXED_JSON ${JSON.stringify({ ...m, load })}\n`);
}

runPart(main);
