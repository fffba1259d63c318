import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import { createLogger } from '../../src/kernel/log';
import { COMMAND } from '../../src/kernel/slack/ids';
import { start } from '../../src/main';

/**
 * The app under test in a process of its own (forked by stack.ts), so its RSS is its
 * own and its event loop shares nothing with the emulator or the load. argv[2] is a
 * JSON BotConfig. It tells its parent `{ type: 'ready', eventsUrl, botUserId }` and
 * answers `{ type: 'idle', timeoutMs }` with `{ type: 'idle-done', error? }` and `{ type: 'gc' }` (it runs
 * with --expose-gc) with `{ type: 'gc-done' }`; it exits on 'stop'.
 */
export interface BotConfig {
  /** 'bare': the floor, the same Bolt version, receiver and signature check with listeners that only ack. */
  mode: 'firebreak' | 'bare';
  databaseUrl: string;
  apiUrl: string;
  botToken: string;
  signingSecret: string;
}

async function startFirebreak(c: BotConfig) {
  const level = process.env.BENCH_BOT_LOG === 'warn' ? 'warn' : 'error';
  const bot = await start({
    databaseUrl: c.databaseUrl,
    slack: { botToken: c.botToken, signingSecret: c.signingSecret, apiUrl: c.apiUrl },
    port: 0,
    policy: DEFAULT_POLICY,
    log: createLogger(level, (line) => process.stderr.write(`bot: ${line}\n`)),
  });
  return {
    eventsUrl: bot.eventsUrl,
    botUserId: bot.botUserId,
    idle: (timeoutMs: number) => bot.idle(timeoutMs),
    stop: () => bot.stop(),
  };
}

async function startBare(c: BotConfig) {
  const app = new App({
    // processBeforeResponse as in Firebreak: the answer waits for the listener (here: nothing).
    receiver: new HTTPReceiver({ signingSecret: c.signingSecret, processBeforeResponse: true }),
    token: c.botToken,
    deferInitialization: true,
    clientOptions: { slackApiUrl: c.apiUrl },
    logLevel: LogLevel.ERROR,
    // Firebreak turns the conversation store off; left on it would charge the floor for work Firebreak skips.
    convoStore: false,
  });
  app.command(COMMAND, async ({ ack }) => ack());
  app.event('message', async () => {});
  app.view({ type: 'view_submission' }, async ({ ack }) => ack());
  await app.init();
  const server = (await app.start(0)) as Server;
  const { port } = server.address() as AddressInfo;
  return {
    eventsUrl: `http://127.0.0.1:${port}/slack/events`,
    botUserId: 'UBOT',
    idle: async (_timeoutMs: number) => undefined,
    stop: () => app.stop().then(() => undefined),
  };
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as BotConfig;
  const app = config.mode === 'bare' ? await startBare(config) : await startFirebreak(config);
  process.on('message', (msg: { type: string; timeoutMs?: number }) => {
    if (msg.type === 'idle')
      app.idle(msg.timeoutMs ?? 60_000).then(
        () => process.send?.({ type: 'idle-done' }),
        (e: unknown) => process.send?.({ type: 'idle-done', error: String(e) }),
      );
    // A full collection first, so a sample reads what the bot keeps rather than where GC's sawtooth happens to be.
    if (msg.type === 'gc') {
      global.gc?.();
      process.send?.({ type: 'gc-done' });
    }
    if (msg.type === 'stop')
      app
        .stop()
        .catch((e: unknown) => process.stderr.write(`bot: stop failed: ${String(e)}\n`))
        .finally(() => process.exit(0));
  });
  // The parent going away must not leave a bot holding a database connection.
  process.on('disconnect', () => process.exit(0));
  process.send?.({ type: 'ready', eventsUrl: app.eventsUrl, botUserId: app.botUserId });
}

main().catch((e: unknown) => {
  process.stderr.write(`bot: failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
