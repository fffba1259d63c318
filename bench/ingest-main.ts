import os from 'node:os';
import { declareOnce } from './declare-timing';
import { measureIngest } from './ingest';
import { LoadGenerator } from './load-generator';
import { progress, runPart } from './part-main';
import { type Cleanups, SIGNING_SECRET, startBenchStack } from './stack';

/**
 * `node dist/bench/ingest-main.js`: only the event-ingest part of the bench
 * (BENCH_INGEST_SECONDS, BENCH_INGEST_CONCURRENCY as for `npm run bench`), printing its
 * report as one JSON line; small enough to run under `--cpu-prof`.
 */
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

async function main(cleanups: Cleanups): Promise<void> {
  const loadBefore = os.loadavg()[0];
  const { emulator, bot, bare } = await startBenchStack(cleanups);
  const load = new LoadGenerator();
  cleanups.push({ what: 'the load worker', fn: () => load.close() });
  const ws = emulator.workspace;
  const target = await declareOnce(emulator, bot, {
    user: 'UALICE',
    channel: 'CGENERAL',
    announcementChannel: 'CINCIDENTS',
    title: 'Bench ingest target',
    severity: 'SEV3',
  });
  const report = await measureIngest({
    load,
    bot,
    bareUrl: bare.eventsUrl,
    signingSecret: SIGNING_SECRET,
    target: { teamId: ws.teamId, appId: ws.appId, botUserId: bot.botUserId, channelId: target.channelId, userId: 'UALICE' },
    concurrency: Math.round(num('BENCH_INGEST_CONCURRENCY', 16)),
    seconds: num('BENCH_INGEST_SECONDS', 10),
    warmupSeconds: 2,
    progress,
  });
  process.stdout.write(`${JSON.stringify({ ...report, load: [loadBefore, os.loadavg()[0]] })}\n`);
}

runPart(main);
