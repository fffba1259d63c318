import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, type Logger as BoltLogger, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { Logger } from '../log';
import type { Metrics } from '../observability/metrics';
import { SlackRequestObserver } from '../observability/slack-requests';
import { instrumentWebClient } from '../observability/web-client';
import type { SlackDeps } from './deps';
import { keepAliveFetch } from './http-fetch';
import { ListenerRouter } from './listener-router';
import { registerAppHome } from './listeners/app-home';
import { registerButtons } from './listeners/buttons';
import { registerRecoveryTick } from './listeners/recovery-tick';
import { registerDeclareSubmission } from './listeners/declare-submission';
import { registerFeedback } from './listeners/feedback';
import { registerHeaderActions } from './listeners/header-actions';
import { registerIncidentCommand } from './listeners/incident-command';
import { registerKeyEvents } from './listeners/key-events';
import { registerMembershipEvents } from './listeners/membership-events';
import { registerMessageEvents } from './listeners/message-events';
import { registerUpdateSubmission } from './listeners/update-submission';
import { registerReviewSubmission } from './listeners/review-submission';
import { registerTimelineShortcut } from './listeners/timeline-shortcut';

export interface BoltAppOptions {
  botToken: string;
  signingSecret: string;
  apiUrl: string;
  appToken?: string;
  clientOptions: WebClientOptions;
  ready: () => Promise<boolean>;
  log: Logger;
  /** Request and Web API metrics, and `GET /metrics`. */
  metrics?: Metrics;
}

/** Bolt's and @slack/web-api's logger interface over ours. */
export function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const join = (args: unknown[]) => args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
  return {
    debug: () => undefined,
    info: (...a) => log.info(join(a), { source: 'bolt' }),
    warn: (...a) => log.warn(join(a), { source: 'bolt' }),
    error: (...a) => log.error(join(a), { source: 'bolt' }),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

/** Health routes (and /metrics) live on the same server as /slack/events so one port serves all. */
function healthRoutes(ready: () => Promise<boolean>, metrics?: Metrics) {
  const json = (res: ServerResponse, status: number, body: object) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  return [
    { path: '/healthz', method: ['GET'], handler: (_req: IncomingMessage, res: ServerResponse) => json(res, 200, { ok: true }) },
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_req: IncomingMessage, res: ServerResponse) => {
        ready().then(
          (ok) => json(res, ok ? 200 : 503, ok ? { ok: true } : { ok: false, reason: 'database unreachable' }),
          () => json(res, 503, { ok: false, reason: 'database unreachable' }),
        );
      },
    },
    ...(metrics ? [metricsRoute(metrics)] : []),
  ];
}

/** Prometheus text format. Counts, durations and severities only: nothing of an incident's content. */
function metricsRoute(metrics: Metrics) {
  return {
    path: '/metrics',
    method: ['GET'],
    handler: (_req: IncomingMessage, res: ServerResponse) => {
      metrics.render().then(
        (body) => {
          res.writeHead(200, { 'content-type': metrics.contentType });
          res.end(body);
        },
        () => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end('metrics unavailable\n');
        },
      );
    },
  };
}

export function createBoltApp(o: BoltAppOptions, deps: SlackDeps): App {
  const logger = boltLogger(o.log);
  const customRoutes = healthRoutes(o.ready, o.metrics);
  const observer = new SlackRequestObserver(o.log, o.metrics);
  const receiver = o.appToken
    ? new SocketModeReceiver({ appToken: o.appToken, logger, customRoutes, installerOptions: { port: 0 } })
    : new HTTPReceiver({
        signingSecret: o.signingSecret,
        endpoints: '/slack/events',
        customRoutes,
        logger,
        // The answer waits for the listener, so an event's listener decides when Slack
        // hears back: after the commit, so that a failure gets a 500 and Slack retries.
        // Commands ack first and hand their slow work to the background themselves.
        processBeforeResponse: true,
        customPropertiesExtractor: observer.extract,
      });
  if (receiver instanceof HTTPReceiver) observer.attach(receiver);
  const app = new App({
    receiver,
    token: o.botToken,
    logger,
    // The constructor would otherwise call auth.test at once, before we are ready to handle failures.
    deferInitialization: true,
    clientOptions: { ...o.clientOptions, slackApiUrl: o.apiUrl, fetch: keepAliveFetch },
    // Firebreak keeps its state in PostgreSQL; Bolt's per-request conversation store is pure overhead.
    convoStore: false,
    // The error handler also gets the request's context (its request id).
    extendedErrorHandler: true,
  });
  app.use(observer.middleware);
  if (o.metrics) instrumentWebClient(app.client, o.metrics);
  const router = new ListenerRouter();
  for (const register of [
    registerIncidentCommand,
    registerDeclareSubmission,
    registerReviewSubmission,
    registerUpdateSubmission,
    registerMembershipEvents,
    registerButtons,
    registerRecoveryTick,
    registerTimelineShortcut,
    registerFeedback,
    registerMessageEvents,
    registerKeyEvents,
    registerAppHome,
    registerHeaderActions,
  ]) {
    register(router.listeners, deps);
  }
  router.install(app);
  app.error(async ({ error, context }: { error: Error; context?: Record<string, unknown> }) => {
    ((context?.log as Logger | undefined) ?? o.log).error('Slack request failed', { error });
    // Rethrown so the receiver answers 500 and Slack redelivers the event.
    throw error;
  });
  return app;
}
