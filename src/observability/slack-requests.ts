import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { AllMiddlewareArgs, AnyMiddlewareArgs, HTTPReceiver } from '@slack/bolt';
import type { LogFields, Logger } from '../kernel/log';
import type { SlackPacer } from '../kernel/slack/pacer';
import type { Metrics, RequestKind, RequestOutcome } from './metrics';
import { instrumentWebClient } from './web-client';

/** The context key carrying a request's timing record from the receiver to the middleware. */
const RECORD = 'firebreakRequest';

interface RequestRecord {
  start: number;
  kind: RequestKind | undefined;
  id: string | undefined;
}

type Body = {
  type?: string;
  command?: string;
  event_id?: string;
  trigger_id?: string;
  event?: { type?: string };
};

export function requestKind(body: Body): RequestKind {
  if (body.command) return 'command';
  switch (body.type) {
    case 'event_callback':
      return 'event';
    case 'view_submission':
    case 'view_closed':
    case 'block_actions':
      return body.type;
    case 'shortcut':
    case 'message_action':
      return 'shortcut';
    case 'block_suggestion':
      return 'options';
    default:
      return 'other';
  }
}

/**
 * Slack's `X-Slack-Request-Timestamp` is not unique; an event's `event_id` is
 * (and stays the same on Slack's retries), as is an interaction's or a
 * command's `trigger_id`. Anything else gets a random id.
 */
export function requestId(body: Body): string {
  return body.event_id ?? body.trigger_id ?? `r-${randomUUID()}`;
}

function outcomeOf(res: ServerResponse): RequestOutcome {
  if (!res.writableFinished) return 'aborted';
  const status = res.statusCode;
  if (status < 300) return 'ok';
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 404) return 'unacknowledged';
  return status >= 500 ? 'error' : 'rejected';
}

/** A child logger made only if something logs through it: most requests never do. */
function lazyChild(log: Logger, bindings: LogFields): Logger {
  let child: Logger | undefined;
  const get = () => {
    child ??= log.child(bindings);
    return child;
  };
  return {
    debug: (m, f) => get().debug(m, f),
    info: (m, f) => get().info(m, f),
    warn: (m, f) => get().warn(m, f),
    error: (m, f) => get().error(m, f),
    child: (b) => get().child(b),
  };
}

/**
 * Request ids, per-request logging and the request metrics of the Bolt app.
 *
 * Ack latency: with `processBeforeResponse` the receiver writes the HTTP answer
 * only after the listeners return, so timing the `ack()` call would understate it,
 * and a middleware sees neither the body being read and verified nor the answer
 * being written. The receiver's request listener is wrapped instead: the clock
 * starts when the request arrives and stops when the response is written out
 * (`close` after `finish`), which is what Slack waits for; the middleware only
 * labels the record (its kind). One `performance.now()`, one listener and two
 * pre-hashed metric updates per request. In Socket Mode, which has no HTTP
 * answer, the middleware times the listener chain itself.
 */
export class SlackRequestObserver {
  constructor(
    private readonly log: Logger,
    private readonly metrics?: Metrics,
    private readonly pacer?: SlackPacer,
  ) {}

  /** HTTP mode: wraps the receiver's request listener (call before the server starts). */
  attach(receiver: HTTPReceiver, endpoint = '/slack/events'): void {
    const listener: RequestListener = receiver.requestListener;
    receiver.requestListener = (req, res) => {
      if (req.method === 'POST' && req.url?.startsWith(endpoint)) {
        const record: RequestRecord = { start: performance.now(), kind: undefined, id: undefined };
        (req as IncomingMessage & { [RECORD]?: RequestRecord })[RECORD] = record;
        res.once('close', () => this.finished(record, req, res));
      }
      listener(req, res);
    };
  }

  /** HTTPReceiver's `customPropertiesExtractor`: hands the record to the middleware through `context`. */
  readonly extract = (req: IncomingMessage): Record<string, unknown> => {
    const record = (req as IncomingMessage & { [RECORD]?: RequestRecord })[RECORD];
    return record ? { [RECORD]: record } : {};
  };

  /** Global Bolt middleware: request id, `context.log`/`context.requestId`, the kind label, Web API counting. */
  readonly middleware = async (args: AnyMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const { body, context, next } = args;
    const b = body as Body;
    const kind = requestKind(b);
    const id = requestId(b);
    context.requestId = id;
    context.log = lazyChild(this.log, { requestId: id });
    // Bolt hands listeners a WebClient from its own per-team pool, not `app.client`.
    if (this.metrics) instrumentWebClient(args.client, this.metrics, this.pacer);
    const record = context[RECORD] as RequestRecord | undefined;
    if (record) {
      record.kind = kind;
      record.id = id;
      return next();
    }
    // Socket Mode: no receiver record.
    const start = performance.now();
    let outcome: RequestOutcome = 'error';
    try {
      await next();
      outcome = 'ok';
    } finally {
      const seconds = (performance.now() - start) / 1000;
      this.metrics?.request(kind, outcome, seconds);
      this.log.debug('slack request', { requestId: id, kind, outcome, ms: Math.round(seconds * 1e4) / 10 });
    }
  };

  private finished(record: RequestRecord, req: IncomingMessage, res: ServerResponse): void {
    const seconds = (performance.now() - record.start) / 1000;
    // No kind: refused before the middleware ran (bad signature), or a bot's own
    // event that Bolt's ignoreSelf dropped first (only events arrive as JSON).
    const kind =
      record.kind ??
      (String(req.headers['content-type']).startsWith('application/json') && res.statusCode < 300
        ? 'event'
        : 'unknown');
    const outcome = outcomeOf(res);
    this.metrics?.request(kind, outcome, seconds);
    this.log.debug('slack request', {
      requestId: record.id,
      kind,
      outcome,
      status: res.statusCode,
      ms: Math.round(seconds * 1e4) / 10,
    });
  }
}
