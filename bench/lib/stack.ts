import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type EmulatorOptions, SlackEmulator } from '@firebreak/slack-emulator';
import { createDatabase, type Database } from '../../src/kernel/db/connect';
import type { BotConfig } from './bot-main';
import { benchDatabase } from './database';
import { nodeFlagsOf } from './node-flags';
import type { PartOptions } from './part';

export const BOT_TOKEN = 'xoxb-bench-token';
export const SIGNING_SECRET = 'bench-signing-secret';
/** Slack-like latency the emulator adds to every Web API call in the declare and storm parts (BENCH_LATENCY_MS). */
export const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 120);

/** The app under test, in its own process (bot-main.ts). */
export interface BotProcess {
  eventsUrl: string;
  botUserId: string;
  pid: number;
  /** Settles when everything received so far and all it owes Slack is done; rejects after `timeoutMs` (60 s). */
  idle(timeoutMs?: number): Promise<void>;
  /** The process's resident set, MB, read from /proc (the bot is not asked, so a busy bot is not disturbed). */
  rssMb(): number;
  /** Runs a full garbage collection in the bot. */
  collect(): Promise<void>;
  stop(): Promise<void>;
}

/** The Node flags `npm start` runs the product with: the bot is measured as it runs (dist/bench/lib → the repo). */
function productNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  return nodeFlagsOf(pkg.scripts.start);
}

function startBotProcess(config: Omit<BotConfig, 'botToken' | 'signingSecret'>): Promise<BotProcess> {
  const child = fork(
    path.join(__dirname, 'bot-main.js'),
    [JSON.stringify({ ...config, botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET })],
    {
      execArgv: [
        '--expose-gc',
        ...productNodeFlags(),
        ...(process.env.BENCH_BOT_FLAGS ?? '').split(' ').filter(Boolean),
      ],
    },
  );
  return new Promise((resolve, reject) => {
    const failed = (code: number | null) => reject(new Error(`the ${config.mode} bot process exited with ${code}`));
    child.once('exit', failed);
    child.once('error', reject);
    child.once('message', (msg: { type: string; eventsUrl: string; botUserId: string }) => {
      child.off('exit', failed);
      resolve(handle(child, msg.eventsUrl, msg.botUserId));
    });
  });
}

function handle(child: ChildProcess, eventsUrl: string, botUserId: string): BotProcess {
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    eventsUrl,
    botUserId,
    pid: child.pid ?? 0,
    idle: (timeoutMs = 60_000) => ask(child, { type: 'idle', timeoutMs }, 'idle-done'),
    collect: () => ask(child, { type: 'gc' }, 'gc-done'),
    rssMb: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
      return kb / 1024;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      child.send({ type: 'stop' });
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

export interface Stack {
  /** The database's label (server and version) for the report. */
  database: string;
  emulator: SlackEmulator;
  bot: BotProcess;
  /** The bench's own connection to the bot's database: what was stored, what is owed. */
  db: Database;
  /** The bare Bolt app on the same emulator, when asked for (started beside Firebreak). */
  bare: BotProcess | null;
}

/**
 * A fresh database, the emulator, and Firebreak in its own process pointed at both.
 * Each piece is registered for cleanup as soon as it is up.
 */
export async function startStack(
  o: PartOptions,
  emulatorOptions: Partial<EmulatorOptions> = {},
  withBare = false,
): Promise<Stack> {
  const emulator = new SlackEmulator({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, ...emulatorOptions });
  const [database] = await Promise.all([benchDatabase(), emulator.start()]);
  o.defer('the database', database.cleanup);
  o.defer('the emulator', () => emulator.stop());
  // Side by side: on a busy machine each process takes seconds to load.
  const started = await Promise.allSettled([
    startBotProcess({ mode: 'firebreak', databaseUrl: database.url, apiUrl: emulator.apiUrl }),
    withBare ? startBotProcess({ mode: 'bare', databaseUrl: '', apiUrl: emulator.apiUrl }) : Promise.resolve(null),
  ]);
  for (const [i, s] of started.entries())
    if (s.status === 'fulfilled' && s.value) {
      const p = s.value;
      o.defer(i === 0 ? 'Firebreak' : 'the bare Bolt app', () => p.stop());
    }
  const [bot, bare] = started.map((s) => {
    if (s.status === 'rejected') throw s.reason;
    return s.value;
  });
  if (!bot) throw new Error('Firebreak did not start');
  emulator.botEndpoint = bot.eventsUrl;
  const db = createDatabase(database.url, { max: 4 });
  o.defer('the bench connection', () => db.close());
  o.progress(`up on ${database.label}`);
  return { database: database.label, emulator, bot, db, bare };
}

/**
 * Settles once nothing is owed any more: no pending outbox row and no incident waiting for its channel.
 * `bot.idle()` alone is not enough here: it waits only for work claimable now, and a notice put off until
 * Slack's rate budget has a token again is not (it is due later). Rejects after `timeoutMs`.
 */
export async function drained(stack: Stack, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [outbox, channels] = await Promise.all([
      stack.db.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow(),
      stack.db.db
        .selectFrom('incidents')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('channel_id', 'is', null)
        .executeTakeFirstOrThrow(),
    ]);
    if (Number(outbox.n) + Number(channels.n) === 0) return stack.bot.idle(Math.max(1000, deadline - Date.now()));
    if (Date.now() > deadline)
      throw new Error(`${outbox.n} notice(s) and ${channels.n} channel(s) still owed after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Sends `msg` to the bot process and settles on its `answer` message (rejects when it carries an error). */
function ask(child: ChildProcess, msg: object, answer: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type: string; error?: string }) => {
      if (m.type !== answer) return;
      child.off('message', onMessage);
      if (m.error) reject(new Error(`bot: ${m.error}`));
      else resolve();
    };
    child.on('message', onMessage);
    child.send(msg);
  });
}
