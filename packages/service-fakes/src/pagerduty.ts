import { randomUUID } from 'node:crypto';
import { type Answer, FakeService, type ReceivedRequest } from './fake-service';

/**
 * PagerDuty's Events API v2 (`POST /v2/enqueue`), as ../shared/integration-specs/pagerduty-events-v2/ describes it:
 * the 202, 400 and 429 bodies of the docs, the required fields and their limits, and alert de-duplication by
 * `dedup_key` (a trigger on an open alert lands on it; resolve closes it; acknowledge/resolve of nothing is dropped).
 * Only routing keys a test registered are accepted.
 */

export interface PagerDutyAlert {
  dedupKey: string;
  routingKey: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  summary: string;
  severity: string;
  source: string;
  customDetails: Record<string, unknown> | undefined;
  /** Trigger events applied to this alert (1 when it was created; more when later triggers were folded in). */
  triggers: number;
}

const ACTIONS = ['trigger', 'acknowledge', 'resolve'];
const SEVERITIES = ['critical', 'error', 'warning', 'info'];
/** "Events API payloads are limited to 512 KB" (01-Overview.md). */
const MAX_EVENT_BYTES = 512 * 1024;

const invalid = (errors: string[]): Answer => ({
  status: 400,
  body: { status: 'invalid event', message: 'Event object is invalid', errors },
});

const blank = (v: unknown): boolean => typeof v !== 'string' || v.trim() === '';

export class FakePagerDuty extends FakeService {
  readonly alerts: PagerDutyAlert[] = [];
  private readonly routingKeys = new Set<string>();

  constructor() {
    super('pagerduty');
    this.route('POST', '/v2/enqueue', (req) => this.enqueue(req), 'enqueue');
  }

  /** A routing key (an integration's 32-character key) that this fake accepts. */
  addRoutingKey(key: string): this {
    this.routingKeys.add(key);
    return this;
  }

  /** Alerts not resolved, optionally only those with `dedupKey`. */
  openAlerts(dedupKey?: string): PagerDutyAlert[] {
    return this.alerts.filter((a) => a.status !== 'resolved' && (dedupKey === undefined || a.dedupKey === dedupKey));
  }

  /** Events (by action) as the fake accepted them, for tests that count what was sent. */
  accepted(action?: 'trigger' | 'acknowledge' | 'resolve'): Record<string, unknown>[] {
    return this.requestsTo('enqueue')
      .filter((r) => r.status === 202 && !r.fault)
      .map((r) => r.body as Record<string, unknown>)
      .filter((b) => action === undefined || b.event_action === action);
  }

  private enqueue(req: ReceivedRequest): Answer {
    if (Buffer.byteLength(req.rawBody) > MAX_EVENT_BYTES)
      return invalid([`Event object is too large (the limit is ${MAX_EVENT_BYTES / 1024} KB)`]);
    const event = req.body;
    if (typeof event !== 'object' || event === null || Array.isArray(event))
      return {
        status: 400,
        body: {
          status: 'Unrecognized object',
          message: 'Event object format is unrecognized',
          errors: ['JSON parse error'],
        },
      };
    const e = event as Record<string, unknown>;
    const errors: string[] = [];
    if (blank(e.routing_key)) errors.push("'routing_key' is missing or blank");
    else if ((e.routing_key as string).length !== 32)
      errors.push("Length of 'routing_key' is incorrect (should be 32 characters)");
    if (!ACTIONS.includes(e.event_action as string))
      errors.push(`'event_action' is invalid (must be one of ${ACTIONS.join(', ')})`);
    if (e.dedup_key !== undefined && (typeof e.dedup_key !== 'string' || e.dedup_key.length > 255))
      errors.push("Length of 'dedup_key' is incorrect (maximum is 255 characters)");
    if (e.event_action === 'trigger') errors.push(...payloadErrors(e.payload));
    else if (e.event_action !== undefined && blank(e.dedup_key)) errors.push("'dedup_key' is missing or blank");
    if (errors.length) return invalid(errors);
    const routingKey = e.routing_key as string;
    if (!this.routingKeys.has(routingKey)) return invalid(['Invalid routing key']);
    const dedupKey = (e.dedup_key as string | undefined) ?? randomUUID().replaceAll('-', '');
    // Later events apply to the open alert only through the routing key that opened it.
    const open = this.alerts.find(
      (a) => a.dedupKey === dedupKey && a.routingKey === routingKey && a.status !== 'resolved',
    );
    if (e.event_action === 'trigger') {
      if (open) open.triggers += 1;
      else {
        const p = e.payload as Record<string, unknown>;
        this.alerts.push({
          dedupKey,
          routingKey,
          status: 'triggered',
          summary: p.summary as string,
          severity: p.severity as string,
          source: p.source as string,
          customDetails: p.custom_details as Record<string, unknown> | undefined,
          triggers: 1,
        });
      }
    } else if (open) open.status = e.event_action === 'resolve' ? 'resolved' : 'acknowledged';
    return { status: 202, body: { status: 'success', message: 'Event processed', dedup_key: dedupKey } };
  }
}

function payloadErrors(payload: unknown): string[] {
  if (typeof payload !== 'object' || payload === null) return ["'payload' is missing or not an object"];
  const p = payload as Record<string, unknown>;
  const errors: string[] = [];
  if (blank(p.summary)) errors.push("'payload.summary' is missing or blank");
  else if ((p.summary as string).length > 1024)
    errors.push("Length of 'payload.summary' is incorrect (maximum is 1024 characters)");
  if (blank(p.source)) errors.push("'payload.source' is missing or blank");
  if (!SEVERITIES.includes(p.severity as string))
    errors.push(`'payload.severity' is invalid (must be one of ${SEVERITIES.join(', ')})`);
  if (p.custom_details !== undefined && (typeof p.custom_details !== 'object' || p.custom_details === null))
    errors.push("'payload.custom_details' must be an object");
  return errors;
}
