import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TicketsPolicy } from '../../domain/integrations';
import { type HookAnswer, jsonHook, readLimitedBody } from '../../kernel/http-body';
import type { Logger } from '../../kernel/log';
import { type TicketSyncDeps, ticketChanged } from './tickets';
import type { TicketHookReader } from './tickets.ports';

/** Where the tracker posts: `POST /hooks/tickets/<kind>` (`jira`, `github`). */
export const TICKET_HOOK_PREFIX = '/hooks/tickets/';

/** A tracker's issue event is a few kilobytes; this leaves room for long descriptions. */
const BODY_LIMIT = 1024 * 1024;

export interface TicketHookDeps extends TicketSyncDeps {
  tickets: TicketsPolicy | null;
  /** The inbound webhook's shared secret (`tickets:webhook`); none: no inbound hook. */
  secret: string | undefined;
  /** The reader of the configured tracker's webhook. */
  reader: TicketHookReader | null;
  log: Logger;
}

/**
 * The tracker's webhook in: authenticate, read, then apply. The tracker is answered 2xx only once the change is
 * committed (5xx otherwise: trackers retry those), 401 for a bad signature, 400 for a body that is not an event,
 * 404 for a kind this Firebreak has no tracker of; a ticket Firebreak did not make is a 2xx that changes nothing.
 */
export function ticketHook(deps: TicketHookDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return jsonHook(
    (req) => handle(deps, req),
    (error) => deps.log.error('ticket webhook failed', { error }),
    'could not record the change; send it again',
  );
}

async function handle(deps: TicketHookDeps, req: IncomingMessage): Promise<HookAnswer> {
  const kind = decodeURIComponent((req.url ?? '').split('?')[0].slice(TICKET_HOOK_PREFIX.length));
  const { tickets, secret, reader } = deps;
  if (!tickets || tickets.kind !== kind || !secret || !reader || req.method !== 'POST') {
    req.resume();
    return { status: 404, body: { error: `no ${kind || 'tracker'} webhook here` } };
  }
  const raw = await readLimitedBody(req, BODY_LIMIT);
  if (raw === undefined) return { status: 413, body: { error: `body over ${BODY_LIMIT} bytes` } };
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v[0] : v;
  if (!reader.authentic(headers, raw, secret)) return { status: 401, body: { error: 'missing or wrong signature' } };
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { status: 400, body: { error: 'body: not JSON' } };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { status: 400, body: { error: 'body: not a JSON object' } };
  const event = reader.read(body);
  if (!event) return { status: 200, body: { ok: true, outcome: 'ignored' } };
  const outcome = await ticketChanged(deps, tickets.kind, event);
  deps.log.info('ticket webhook received', { tracker: tickets.kind, ticket: event.key, outcome });
  return { status: 200, body: { ok: true, outcome } };
}
