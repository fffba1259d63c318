import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type HookAnswer, jsonHook, readLimitedBody } from '../../kernel/http-body';
import { verify } from '../../kernel/outbound/standard-webhooks';
import { parseAlertPayload } from './alert-payloads';
import { type AlertsDeps, type Delivery, receiveAlerts } from './alerts';

/** Where sources post: `POST /hooks/alerts/<source name>`. */
export const ALERT_HOOK_PREFIX = '/hooks/alerts/';

/** Alertmanager's and Grafana's largest groups stay far below this; Slack's requests share the same bound. */
export const ALERT_BODY_LIMIT = 1024 * 1024;

export interface AlertHookDeps extends AlertsDeps {
  /** Each source's secret by source name (read from its `secretEnv` at start). */
  secrets: Readonly<Record<string, string>>;
}

/**
 * The HTTP side of alerts in: authenticate, read, parse, then hand the group to the use case. The sender is
 * answered 2xx only once what it sent is committed; 5xx when it was not (Alertmanager retries those, and
 * nothing else), 4xx for what a retry cannot fix.
 */
export function alertHook(deps: AlertHookDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return jsonHook(
    (req) => handle(deps, req),
    (error) => deps.log.error('alert delivery failed', { error }),
    'could not record the alert; send it again',
  );
}

async function handle(deps: AlertHookDeps, req: IncomingMessage): Promise<HookAnswer> {
  const path = (req.url ?? '').split('?')[0];
  const name = decodeURIComponent(path.slice(ALERT_HOOK_PREFIX.length));
  const source = deps.policy.alertSources.find((s) => s.name === name);
  const secret = source && deps.secrets[source.name];
  if (!source || !secret || req.method !== 'POST')
    return { status: 404, body: { error: `no alert source "${name}" here` } };
  if (Number(req.headers['content-length'] ?? 0) > ALERT_BODY_LIMIT) {
    req.resume();
    return tooLarge();
  }
  // A Bearer source is refused before its body is read: no secret, no work.
  if (source.kind !== 'generic' && !bearerMatches(req.headers.authorization, secret)) {
    req.resume();
    return unauthorized('missing or wrong Authorization: Bearer secret');
  }
  const raw = await readLimitedBody(req, ALERT_BODY_LIMIT);
  if (raw === undefined) return tooLarge();
  let delivery: Delivery;
  if (source.kind === 'generic') {
    const verdict = verify(secret, (h) => headerOf(req, h), raw, new Date());
    if (!verdict.ok) return unauthorized(verdict.reason);
    delivery = { id: verdict.id };
  } else {
    delivery = { digest: createHash('sha256').update(raw).digest('hex') };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { status: 400, body: { error: 'body: not JSON' } };
  }
  const parsed = parseAlertPayload(source.kind, json);
  if (!parsed.ok) return { status: 400, body: { error: parsed.problem } };
  const received = await receiveAlerts(deps, source, parsed.group, delivery);
  if (received.kind === 'failed') {
    deps.log.warn('alert not recorded: the sender should retry', { source: source.name, error: received.error });
    return { status: 503, body: { error: received.error } };
  }
  deps.log.info('alert received', { source: source.name, outcome: received.kind });
  return { status: 200, body: { ok: true, outcome: received.kind } };
}

const tooLarge = (): HookAnswer => ({ status: 413, body: { error: `body over ${ALERT_BODY_LIMIT} bytes` } });
const unauthorized = (why: string): HookAnswer => ({ status: 401, body: { error: why } });

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function bearerMatches(header: string | undefined, secret: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!match) return false;
  const given = createHash('sha256').update(match[1].trim()).digest();
  const expected = createHash('sha256').update(secret).digest();
  return timingSafeEqual(given, expected);
}
