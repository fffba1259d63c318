import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, type Logger as BoltLogger, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { Metrics } from '../../observability/metrics';
import { SlackRequestObserver } from '../../observability/slack-requests';
import { instrumentWebClient } from '../../observability/web-client';
import type { Logger } from '../log';
import { ListenerRouter, type Listeners } from './listener-router';
import type { SlackPacer } from './pacer';
import { AckAfterListenerReceiver } from './socket-mode-receiver';

export interface BoltAppOptions {
  botToken: string;
  signingSecret: string;
  apiUrl: string;
  appToken?: string;
  clientOptions: WebClientOptions;
  log: Logger;
  /** Request and Web API metrics. */
  metrics?: Metrics;
  /** Paces every call of Bolt's clients (with metrics). */
  pacer?: SlackPacer;
  /** More POST routes served on PORT beside Slack's, in either mode (alert sources' hooks). */
  hooks?: readonly HttpHook[];
}

/** A POST route under `prefix` (`/hooks/alerts/` serves `/hooks/alerts/<name>`); its handler answers by itself. */
export interface HttpHook {
  prefix: string;
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

/** Bolt's and @slack/web-api's logger interface over ours. */
export function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const join = (args: unknown[]) =>
    args
      .map((arg) => (arg instanceof Error ? arg.message : typeof arg === 'string' ? arg : JSON.stringify(arg)))
      .join(' ');
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

/** For load balancers and the image's HEALTHCHECK: on PORT whatever the mode; /metrics and /readyz are on ADMIN_PORT. */
function healthz(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ ok: true }));
}

/**
 * Slack's largest payloads (a modal's view with its state, a message with 50
 * blocks) stay well under this; a bigger body is refused with 413 from its
 * Content-Length, before it is read or a signature computed over it.
 */
export const BODY_LIMIT = 1024 * 1024;

/**
 * Bolt's limit counts bytes as it reads them; a body that announces more than
 * the limit is refused here from its Content-Length without reading any of it.
 */
function refuseAnnouncedOversize(receiver: HTTPReceiver): void {
  const listener = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    if (Number(req.headers['content-length'] ?? 0) > BODY_LIMIT) {
      res.writeHead(413, { connection: 'close' });
      res.end();
      return;
    }
    listener(req, res);
  };
}

/** One feature's listener group: it registers its commands, actions, views and events (see main.ts). */
export type RegisterListeners<Deps> = (app: Listeners, deps: Deps) => void;

export function createBoltApp<Deps>(
  options: BoltAppOptions,
  deps: Deps,
  listeners: readonly RegisterListeners<Deps>[],
): App {
  const logger = boltLogger(options.log);
  const observer = new SlackRequestObserver(options.log, options.metrics, options.pacer);
  const receiver = options.appToken
    ? new AckAfterListenerReceiver({
        appToken: options.appToken,
        apiUrl: options.apiUrl,
        logger,
        log: options.log,
        healthz,
        hooks: options.hooks ?? [],
      })
    : new HTTPReceiver({
        signingSecret: options.signingSecret,
        endpoints: '/slack/events',
        customRoutes: [
          { path: '/healthz', method: ['GET'], handler: healthz },
          ...(options.hooks ?? []).map((hook) => ({
            path: `${hook.prefix}:name`,
            method: ['POST'],
            handler: hook.handler,
          })),
        ],
        logger,
        bodyLimit: BODY_LIMIT,
        // The answer waits for the listener, so an event's listener decides when Slack
        // hears back: after the commit, so that a failure gets a 500 and Slack retries.
        // Commands ack first and hand their slow work to the background themselves.
        processBeforeResponse: true,
        customPropertiesExtractor: observer.extract,
      });
  if (receiver instanceof HTTPReceiver) {
    observer.attach(receiver);
    refuseAnnouncedOversize(receiver);
  }
  const app = new App({
    receiver,
    token: options.botToken,
    logger,
    // The constructor would otherwise call auth.test at once, before we are ready to handle failures.
    deferInitialization: true,
    // No `fetch` of ours: @slack/web-api 8 and Bolt's respond() use Node's global fetch,
    // whose connection pool keeps sockets alive between calls.
    clientOptions: { ...options.clientOptions, slackApiUrl: options.apiUrl },
    // Firebreak keeps its state in PostgreSQL; Bolt's per-request conversation store is pure overhead.
    convoStore: false,
    // The error handler also gets the request's context (its request id).
    extendedErrorHandler: true,
  });
  app.use(observer.middleware);
  if (options.metrics) instrumentWebClient(app.client, options.metrics, options.pacer);
  const router = new ListenerRouter();
  for (const register of listeners) register(router.listeners, deps);
  router.install(app);
  app.error(async ({ error, context }: { error: Error; context?: Record<string, unknown> }) => {
    ((context?.log as Logger | undefined) ?? options.log).error('Slack request failed', { error });
    // Rethrown so the receiver answers 500 and Slack redelivers the event.
    throw error;
  });
  return app;
}
