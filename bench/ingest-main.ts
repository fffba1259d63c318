import os from 'node:os';
import { envNumber } from './env';
import { measureIngest } from './ingest';
import { progress, runPart } from './part-main';
import { type Cleanups, SIGNING_SECRET, startPartStack } from './stack';

/**
 * `node dist/bench/ingest-main.js`: only the event-ingest part of the bench
 * (BENCH_INGEST_SECONDS, BENCH_INGEST_CONCURRENCY as for `npm run bench`), printing its
 * report as one JSON line; small enough to run under `--cpu-prof`.
 */

async function main(cleanups: Cleanups): Promise<void> {
  const loadBefore = os.loadavg()[0];
  const { emulator, bot, bare, load, target } = await startPartStack(cleanups, {
    title: 'Bench ingest target',
    severity: 'SEV3',
  });
  const report = await measureIngest({
    load,
    bot,
    bareUrl: bare.eventsUrl,
    signingSecret: SIGNING_SECRET,
    target: {
      teamId: emulator.workspace.teamId,
      appId: emulator.workspace.appId,
      botUserId: bot.botUserId,
      channelId: target.channelId,
      userId: 'UALICE',
    },
    concurrency: Math.round(envNumber('BENCH_INGEST_CONCURRENCY', 16)),
    seconds: envNumber('BENCH_INGEST_SECONDS', 10),
    warmupSeconds: 2,
    progress,
  });
  process.stdout.write(`${JSON.stringify({ ...report, load: [loadBefore, os.loadavg()[0]] })}\n`);
}

runPart(main);
