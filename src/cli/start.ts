import { randomBytes } from 'node:crypto';
import { EnvError, readEnv } from '../config/env';
import { loadPolicyFile, PolicyError } from '../config/policy-file';
import { startEmbeddedPostgres } from '../db/embedded';
import { createLogger } from '../log';
import { start } from '../main';
import { SlackEmulator } from '../sandbox/emulator';

/**
 * `npm start`: reads the environment, fills in what is missing for a first try
 * (embedded PostgreSQL, the Slack emulator) and runs until SIGTERM/SIGINT.
 */
async function main(): Promise<void> {
  const log = createLogger((process.env.LOG_LEVEL as 'info') ?? 'info');
  const env = readEnv(process.env);
  const policy = loadPolicyFile(env.configFile);
  const stops: (() => Promise<void>)[] = [];

  let databaseUrl = env.databaseUrl;
  if (!databaseUrl) {
    log.info('DATABASE_URL is not set: starting an embedded PostgreSQL', { dataDir: env.dataDir });
    const pg = await startEmbeddedPostgres({ dataDir: `${env.dataDir}/postgres`, log: (msg) => log.info(msg, { source: 'embedded-postgres' }) });
    stops.push(() => pg.stop());
    databaseUrl = pg.url;
    log.info('embedded PostgreSQL is running', { port: pg.port });
  }

  let slack: { botToken: string; signingSecret: string; apiUrl: string; appToken?: string };
  let emulator: SlackEmulator | undefined;
  if (env.slack.kind === 'emulator') {
    const botToken = `xoxb-emulated-${randomBytes(8).toString('hex')}`;
    const signingSecret = randomBytes(16).toString('hex');
    emulator = new SlackEmulator({ botToken, signingSecret, port: Number(process.env.EMULATOR_PORT ?? 0) });
    await emulator.start();
    stops.unshift(() => emulator!.stop());
    slack = { botToken, signingSecret, apiUrl: emulator.apiUrl };
    log.info('no Slack credentials: running against the built-in Slack emulator', { emulator: emulator.url });
  } else {
    slack = env.slack;
  }

  const bot = await start({ databaseUrl, slack, port: env.port, policy, log });
  stops.unshift(() => bot.stop());
  if (emulator) {
    emulator.botEndpoint = bot.eventsUrl;
    log.info(`Slack emulator: ${emulator.url}`, { emulator: emulator.url });
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    for (const stop of stops) await stop().catch((e) => log.error('shutdown step failed', { error: e }));
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((e) => {
  const known = e instanceof EnvError || e instanceof PolicyError;
  process.stderr.write(`Firebreak did not start: ${known ? e.message : (e as Error).stack ?? e}\n`);
  process.exit(1);
});
