import os from 'node:os';
import { benchDatabase } from './database';
import { progress, runPart } from './part-main';
import type { Cleanups } from './stack';
import { benchStats } from './stats';

/** `node dist/bench/stats-main.js`: only the `/incident stats all` part of the bench, printing its result as one JSON line. */
async function main(cleanups: Cleanups): Promise<void> {
  const loadBefore = os.loadavg()[0];
  const database = await benchDatabase();
  cleanups.push({ what: 'the stats database', fn: database.cleanup });
  progress(`stats over 100,000 closed incidents (${database.label})…`);
  const r = await benchStats(database.url);
  process.stdout.write(`${JSON.stringify({ ...r, load: [loadBefore, os.loadavg()[0]] })}\n`);
}

runPart(main);
