import { SlackEmulator } from '@firebreak/slack-emulator';
import { DEFAULT_POLICY } from '../src/domain/policy';
import { createLogger } from '../src/kernel/log';
import { start } from '../src/main';
import { startBareBolt } from './bare-bolt';
import { benchDatabase } from './database';
import { declareOnce } from './declare-timing';
import { LoadGenerator } from './load-generator';

export const BOT_TOKEN = 'xoxb-bench-token';
export const SIGNING_SECRET = 'bench-signing-secret';

export type Cleanups = { what: string; fn: () => Promise<unknown> }[];

/**
 * What every Firebreak-vs-bare-Bolt part of the bench runs against: a database,
 * the emulator, Firebreak pointed at it, and a bare Bolt app on the same
 * emulator. Each piece is registered for cleanup as soon as it is up.
 */
export async function startBenchStack(cleanups: Cleanups) {
  const database = await benchDatabase();
  cleanups.push({ what: 'the database', fn: database.cleanup });
  const emulator = new SlackEmulator({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET });
  await emulator.start();
  cleanups.push({ what: 'the emulator', fn: () => emulator.stop() });
  const bot = await start({
    databaseUrl: database.url,
    slack: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: emulator.apiUrl },
    port: 0,
    policy: DEFAULT_POLICY,
    log: createLogger('silent'),
  });
  cleanups.push({ what: 'Firebreak', fn: () => bot.stop() });
  emulator.botEndpoint = bot.eventsUrl;
  const bare = await startBareBolt({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: emulator.apiUrl });
  cleanups.push({ what: 'the bare Bolt app', fn: () => bare.stop() });
  return { database, emulator, bot, bare };
}

/** What a part run alone needs besides the stack: the load worker and one declared incident to aim at. */
export async function startPartStack(cleanups: Cleanups, target: { title: string; severity: string }) {
  const stack = await startBenchStack(cleanups);
  const load = new LoadGenerator();
  cleanups.push({ what: 'the load worker', fn: () => load.close() });
  const incident = await declareOnce(stack.emulator, stack.bot, {
    user: 'UALICE',
    channel: 'CGENERAL',
    announcementChannel: 'CINCIDENTS',
    ...target,
  });
  return { ...stack, load, target: incident };
}
