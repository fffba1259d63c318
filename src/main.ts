import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import { type Clock, systemClock } from './app/ports';
import { createDatabase, type Database, pingDatabase } from './db/connect';
import { PgUnitOfWork } from './db/unit-of-work';
import { queryStats } from './db/stats.queries';
import type { StatsQuery } from './domain/stats';
import { migrate } from './db/migrate';
import { metricsProviders } from './db/metrics.queries';
import type { Policy } from './domain/policy';
import { createLogger, type Logger } from './log';
import { Metrics } from './observability/metrics';
import { instrumentWebClient } from './observability/web-client';
import { boltLogger, createBoltApp } from './slack/bolt-app';
import { SlackAdminDirectory } from './slack/admins';
import { SlackChannelGateway } from './slack/channel-gateway';
import { keepAliveFetch } from './slack/http-fetch';
import { completePendingChannels } from './app/declare-incident';
import { ChannelDirectory } from './slack/channel-directory';
import { Inflight } from './slack/inflight';
import { OutboxNotifier } from './app/outbox';
import { SlackNoticeDelivery } from './slack/notifier';
import { OutboxWorker } from './scheduler/outbox-worker';
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
  /** How long an outbox claim holds between steps (tests shorten it); default OUTBOX_LEASE_MS. */
  outboxLeaseMs?: number;
}

export interface Firebreak {
  /** The HTTP port serving /slack/events, /healthz and /readyz. */
  port: number;
  eventsUrl: string;
  botUserId: string;
  outbox: OutboxWorker;
  database: Database;
  scheduler: Scheduler;
  /** What `GET /metrics` serves. */
  metrics: Metrics;
  /** Settles when every Slack request received so far and everything it owes Slack is done. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

// Calls made by the outbox and the scheduler: they retry later themselves (honouring Retry-After), so the client never waits or retries on its own.
const NOTIFY_CLIENT: WebClientOptions = { timeout: 5000, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true };
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
    const metrics = new Metrics({ ...metricsProviders(database.db), severities: [...Object.keys(o.policy.severities), 'none'], log });
    const apiOptions = (extra: WebClientOptions): WebClientOptions => ({ ...extra, slackApiUrl: o.slack.apiUrl, logger: boltLogger(log), fetch: keepAliveFetch });
    const notifyClient = instrumentWebClient(new WebClient(o.slack.botToken, apiOptions(NOTIFY_CLIENT)), metrics);
    const requestClient = instrumentWebClient(new WebClient(o.slack.botToken, apiOptions(REQUEST_CLIENT)), metrics);
    const auth = await notifyClient.auth.test();
    const botUserId = auth.user_id!;
    const directory = new ChannelDirectory(notifyClient);
    
    const notifier = new OutboxNotifier(clock);
    const delivery = new SlackNoticeDelivery({ client: notifyClient, uow, policy: o.policy, directory, botUserId, log });
    // The worker creates channels with the notifying client: no 3-second window to fit, Retry-After honoured by deferring.
    const owedChannels = { uow, channels: new SlackChannelGateway(notifyClient, log, botUserId, 5000, 5000), notifier, clock, policy: o.policy, log };
    const outbox = new OutboxWorker(
      { uow, delivery, clock, log, leaseMs: o.outboxLeaseMs },
      { run: () => completePendingChannels(owedChannels), dueBy: (now) => uow.incidents.pendingChannelsDueBy(now) },
    );
    uow.onCommit = () => outbox.wake();
    const inflight = new Inflight();
    const people = new SlackPeopleDirectory(notifyClient, log);
    const admins = new SlackAdminDirectory(notifyClient, o.policy, log);
    const deps = { uow, channels: new SlackChannelGateway(requestClient, log, botUserId), notifier, clock, policy: o.policy, log, botUserId, inflight, people, admins, stats: (q: StatsQuery) => queryStats(database.db, q, o.policy) };
    const app = createBoltApp({ ...o.slack, clientOptions: REQUEST_CLIENT, ready: () => pingDatabase(database.db), log, metrics }, deps);
    const poster = new SlackReminderPoster(notifyClient, o.policy, directory, clock, log, uow.incidents);
    const scheduler = new Scheduler({ uow, poster, policy: o.policy, notifier }, clock, o.policy.schedulerTick, log);
    await app.init();
    let port = o.port;
    if (o.slack.appToken) await app.start();
    else {
      const server = (await app.start(o.port)) as Server;
      port = (server.address() as AddressInfo).port;
    }
    outbox.start();
    if (o.scheduler !== false) scheduler.start();
    log.info('Firebreak is listening', { port, slack: o.slack.appToken ? 'socket mode' : o.slack.apiUrl });
    return {
      port,
      eventsUrl: `http://127.0.0.1:${port}/slack/events`,
      botUserId,
      outbox,
      database,
      scheduler,
      metrics,
      async idle() {
        await inflight.idle();
        await outbox.idle();
      },
      async stop() {
        await scheduler.stop();
        await app.stop();
        await inflight.idle();
        await outbox.stop();
        await database.close();
      },
    };
  } catch (e) {
    await database.close();
    throw e;
  }
}
