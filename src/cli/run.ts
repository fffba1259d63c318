import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { SandboxClock, SandboxIntegrations, SlackEmulator } from '@firebreak/sandbox';
import { DEFAULT_POLICY } from '../domain/policy';
import { ALERT_HOOK_PREFIX } from '../features/alerts/alert-hook';
import { DECLARE_FROM_MESSAGE_SHORTCUT, DECLARE_SHORTCUT } from '../features/incidents/incidents.ids';
import { TICKET_HOOK_PREFIX } from '../features/tickets/ticket-hook';
import { TIMELINE_SHORTCUT } from '../features/timeline/timeline.ids';
import { readEnv } from '../kernel/config/env';
import { loadPolicyFile } from '../kernel/config/policy-file';
import { policySecrets, readSecrets, secretsOf } from '../kernel/config/secrets';
import { startEmbeddedPostgres } from '../kernel/db/embedded';
import type { Logger } from '../kernel/log';
import { COMMAND } from '../kernel/slack/ids';
import { type Firebreak, start } from '../main';

/**
 * The sandbox package (the emulator and its page), loaded only for a first try (here and below): a start
 * with Slack credentials never loads it, and the Docker image does not even hold it.
 */
const loadSandbox = () => import('@firebreak/sandbox');

export interface Running {
  bot: Firebreak;
  /** Present when no Slack credentials were given; its url is the sandbox page. */
  emulator?: SlackEmulator;
  /** The time both the bot and the emulator read in emulator mode; the page advances it. */
  clock?: SandboxClock;
  /** The fakes of the services around Slack, in the sandbox without a CONFIG_FILE. */
  integrations?: SandboxIntegrations;
  databaseUrl: string;
  stop(): Promise<void>;
}

/**
 * Turns an environment into a running Firebreak, filling in what a first try lacks:
 * an embedded PostgreSQL without DATABASE_URL, the Slack emulator without Slack
 * credentials. Throws EnvError/PolicyError with the variable or key at fault.
 */
export async function runFromEnv(source: NodeJS.ProcessEnv, log: Logger): Promise<Running> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops) await stop().catch((e) => log.error('shutdown step failed', { error: e }));
  };

  try {
    let env = readEnv(source);
    let clock: SandboxClock | undefined;
    let integrations: SandboxIntegrations | undefined;
    let environment = source;
    // A first try in the sandbox shows every feature, drills, alerts, paging and their fakes included;
    // a CONFIG_FILE says exactly what it says.
    const firstTry = !env.configFile && env.slack.kind === 'emulator';
    if (firstTry) {
      const { SandboxIntegrations } = await loadSandbox();
      // The fakes read the sandbox clock once it exists, so the page's times agree.
      const hub = await SandboxIntegrations.start(() => (clock ?? { now: () => new Date() }).now().getTime());
      integrations = hub;
      stops.unshift(() => hub.stop());
      // Their keys and URLs reach the bot as a deployment's would: through the environment.
      environment = { ...source, ...hub.env };
      env = readEnv(environment);
      log.info('the sandbox runs fakes of the services around Slack', { pagerduty: hub.pagerDuty.url });
    }
    const policy = integrations
      ? integrations.policy((await loadSandbox()).sandboxPolicy(DEFAULT_POLICY))
      : loadPolicyFile(env.configFile);
    // Before the database or Slack start: a source without its secret is refused, naming the variable.
    const secrets = readSecrets(policySecrets(policy), environment);
    const alertSecrets = secretsOf(secrets, 'alert');
    const pagingKeys = secretsOf(secrets, 'paging');

    let databaseUrl = env.databaseUrl;
    if (!databaseUrl) {
      log.info('DATABASE_URL is not set: starting an embedded PostgreSQL', { dataDir: env.dataDir });
      const pg = await startEmbeddedPostgres({
        dataDir: `${env.dataDir}/postgres`,
        log: (msg) => log.info(msg, { source: 'embedded-postgres' }),
      });
      stops.unshift(() => pg.stop());
      databaseUrl = pg.url;
      log.info('embedded PostgreSQL is running', { port: pg.port, dataDir: env.dataDir });
    }

    let slack: { botToken: string; signingSecret: string; apiUrl: string; appToken?: string };
    let emulator: SlackEmulator | undefined;
    if (env.slack.kind === 'emulator') {
      const { SandboxClock, SlackEmulator, WorkspaceFile } = await loadSandbox();
      // Fresh secrets each start: nothing outside this process ever needs them.
      const botToken = `xoxb-emulated-${randomBytes(8).toString('hex')}`;
      const signingSecret = randomBytes(16).toString('hex');
      const file = new WorkspaceFile(path.join(env.dataDir, 'sandbox-workspace.json'), log);
      const saved = await file.load();
      const sandboxClock = new SandboxClock(Date.now, saved?.clockOffsetMs);
      clock = sandboxClock;
      emulator = new SlackEmulator({ botToken, signingSecret, now: () => sandboxClock.now().getTime() });
      saved?.restore(emulator.workspace);
      await startOnPort(emulator, env.emulatorPort, log);
      const emu = emulator;
      stops.unshift(() => emu.stop());
      file.watch(emu.workspace, sandboxClock);
      // Runs after the bot has stopped (stops run newest first), so its last calls are saved too.
      stops.unshift(() => file.close(emu.workspace, sandboxClock));
      if (saved) log.info('the sandbox workspace from the last run is back', { file: file.file });
      slack = { botToken, signingSecret, apiUrl: emulator.apiUrl };
      log.info('no Slack credentials: running against the built-in Slack emulator', { emulator: emulator.url });
    } else {
      slack = env.slack;
    }

    const bot = await start({
      databaseUrl,
      slack,
      port: env.port,
      adminPort: env.adminPort,
      policy,
      alertSecrets,
      log,
      // The policy's secrets (webhooks' secretEnv) come from the same environment as everything else.
      env: environment,
      ...(clock ? { clock } : {}),
      paging: { ...env.paging, keys: pagingKeys },
      statusPage: env.statusPage,
    });
    stops.unshift(() => bot.stop());
    if (emulator && clock) {
      const { mountSandboxPage } = await loadSandbox();
      emulator.botEndpoint = bot.eventsUrl;
      integrations?.sendTicketWebhooksTo(new URL(`${TICKET_HOOK_PREFIX}jira`, bot.eventsUrl).href);
      mountSandboxPage(emulator, {
        clock,
        command: COMMAND,
        messageShortcut: TIMELINE_SHORTCUT,
        declareShortcuts: { global: DECLARE_SHORTCUT, fromMessage: DECLARE_FROM_MESSAGE_SHORTCUT },
        tick: () => bot.scheduler.tick(),
        ...(integrations
          ? {
              integrations: {
                hub: integrations,
                alertHookUrl: new URL(`${ALERT_HOOK_PREFIX}${integrations.alertSource}`, bot.eventsUrl).href,
              },
            }
          : {}),
      });
      log.info('the sandbox page is ready: open it in a browser', { url: emulator.url });
    }
    return { bot, emulator, clock, integrations, databaseUrl, stop: stopAll };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

/** The sandbox page's URL stays put across restarts when it can; a taken port must not stop a first try. */
async function startOnPort(emulator: SlackEmulator, port: number, log: Logger): Promise<void> {
  try {
    await emulator.start(port);
  } catch (e) {
    if (port === 0 || (e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    await emulator.start(0);
    log.warn(`port ${port} is taken: the sandbox runs on another port this time (set EMULATOR_PORT to choose one)`, {
      port,
      url: emulator.url,
    });
  }
}
