import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import { type Clock, systemClock } from './app/ports';
import { createDatabase, type Database, pingDatabase } from './db/connect';
import { PgUnitOfWork } from './db/unit-of-work';
import { migrate } from './db/migrate';
import type { Policy } from './domain/policy';
import { createLogger, type Logger } from './log';
import { createBoltApp } from './slack/bolt-app';
import { SlackChannelGateway } from './slack/channel-gateway';
import { ChannelDirectory } from './slack/channel-directory';
import { Inflight } from './slack/inflight';
import { SlackNotifier } from './slack/notifier';
import { SlackPeopleDirectory } from './slack/people';
import { SlackReminderPoster } from './slack/reminder-poster';
import { Scheduler } from './scheduler/scheduler';

export interface FirebreakOptions {
  databaseUrl: string;
  slack: { botToken: string; signingSecret: string; apiUrl: string; appToken?: string };
  /** 0 picks a free port (tests). */
  port: number;
  policy: Policy;
  clock?: Clock;
  log?: Logger;
  /** false: no automatic ticks (tests drive `scheduler.tick(now)` themselves). */
  scheduler?: boolean;
}

export interface Firebreak {
  /** The HTTP port serving /slack/events, /healthz and /readyz. */
  port: number;
  eventsUrl: string;
  botUserId: string;
  notifier: SlackNotifier;
  database: Database;
  scheduler: Scheduler;
  /** Settles when every Slack request received so far and everything it owes Slack is done. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

// Web API calls made after a commit: a few quick retries, never Bolt's default of 10 over 30 minutes.
const NOTIFY_CLIENT: WebClientOptions = { timeout: 5000, retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2000 } };
// Calls inside a 3-second Slack window: fail fast and let the caller decide.
const REQUEST_CLIENT: WebClientOptions = { timeout: 1500, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true };

/** The one place that wires config → database → use cases → Bolt. Returns a handle so tests can run several. */
export async function start(o: FirebreakOptions): Promise<Firebreak> {
  const log = o.log ?? createLogger();
  const clock = o.clock ?? systemClock;
  const database = createDatabase(o.databaseUrl, { log: (msg) => log.warn(msg, { source: 'pg' }) });
  try {
    await migrate(database.pool, { log: (msg) => log.info(msg, { source: 'migrate' }) });
    const uow = new PgUnitOfWork(database.db);
    const apiOptions = (extra: WebClientOptions): WebClientOptions => ({ ...extra, slackApiUrl: o.slack.apiUrl });
    const notifyClient = new WebClient(o.slack.botToken, apiOptions(NOTIFY_CLIENT));
    const requestClient = new WebClient(o.slack.botToken, apiOptions(REQUEST_CLIENT));
    const auth = await notifyClient.auth.test();
    const botUserId = auth.user_id!;
    const directory = new ChannelDirectory(notifyClient);
    const notifier = new SlackNotifier({ client: notifyClient, uow, policy: o.policy, directory, botUserId, log });
    const inflight = new Inflight();
    const people = new SlackPeopleDirectory(notifyClient, log);
    const deps = { uow, channels: new SlackChannelGateway(requestClient, log), notifier, clock, policy: o.policy, log, botUserId, inflight, people };
    const app = createBoltApp({ ...o.slack, clientOptions: REQUEST_CLIENT, ready: () => pingDatabase(database.db), log }, deps);
    const poster = new SlackReminderPoster(notifyClient, o.policy, directory, clock, log);
    const scheduler = new Scheduler({ uow, poster, policy: o.policy }, clock, o.policy.schedulerTick, log);
    await app.init();
    let port = o.port;
    if (o.slack.appToken) await app.start();
    else {
      const server = (await app.start(o.port)) as Server;
      port = (server.address() as AddressInfo).port;
    }
    if (o.scheduler !== false) scheduler.start();
    log.info('Firebreak is listening', { port, slack: o.slack.appToken ? 'socket mode' : o.slack.apiUrl });
    return {
      port,
      eventsUrl: `http://127.0.0.1:${port}/slack/events`,
      botUserId,
      notifier,
      database,
      scheduler,
      async idle() {
        await inflight.idle();
        await notifier.idle();
      },
      async stop() {
        await scheduler.stop();
        await app.stop();
        await inflight.idle();
        await notifier.idle();
        await database.close();
      },
    };
  } catch (e) {
    await database.close();
    throw e;
  }
}
