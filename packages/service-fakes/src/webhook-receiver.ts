import { createHmac, timingSafeEqual } from 'node:crypto';
import { FakeService, type ReceivedRequest } from './fake-service';

/**
 * A receiver of Standard Webhooks (standardwebhooks.com, v1 symmetric signatures), as a careful consumer
 * writes one: it verifies each delivery's signature and timestamp with its secret, answers 2xx fast, and
 * processes each `webhook-id` once, so tests can assert "each change exactly once" while the sender retries.
 * Faults through failNext('deliver', …): 429 with Retry-After, 500, hangMs, afterHandling (processed, answer
 * lost); `gone()` answers 410 Gone from then on, the spec's "stop sending to this endpoint".
 */

/** One request that reached the receiver's handler (a queued fault answering first does not). */
export interface WebhookDelivery {
  id: string | undefined;
  /** `webhook-timestamp`, seconds. */
  timestamp: string | undefined;
  signature: string | undefined;
  /** The signature matched and the timestamp was within the tolerance. */
  valid: boolean;
  /** Why it was refused, when not valid. */
  reason?: string;
  /** false when a delivery of this webhook-id was processed before (a retry after a lost answer). */
  first: boolean;
  type: string | undefined;
  body: unknown;
  rawBody: string;
  status: number;
}

export interface WebhookReceiverOptions {
  /** `whsec_<base64>` as the spec writes it (or any other string, used as its bytes). */
  secret: string;
  path?: string;
  /** Default 300 s, the reference libraries' window. */
  toleranceSeconds?: number;
}

export class WebhookReceiver extends FakeService {
  readonly deliveries: WebhookDelivery[] = [];
  readonly path: string;
  private readonly processed = new Set<string>();
  private isGone = false;

  constructor(private readonly options: WebhookReceiverOptions) {
    super('webhook receiver');
    this.path = options.path ?? '/webhooks/firebreak';
    this.route('POST', this.path, (req) => this.receive(req), 'deliver');
  }

  /** Where the sender should post. */
  get endpoint(): string {
    return `${this.url}${this.path}`;
  }

  /** From now on every delivery is answered 410 Gone (the endpoint was removed); `false` brings it back. */
  gone(on = true): void {
    this.isGone = on;
  }

  /** The deliveries processed: valid, each webhook-id once, in the order they arrived. */
  get accepted(): WebhookDelivery[] {
    return this.deliveries.filter((d) => d.first);
  }

  private receive(req: ReceivedRequest) {
    const h = (name: string) => req.headers[name];
    const verdict = verify(this.options.secret, h, req.rawBody, this.options.toleranceSeconds ?? 300);
    const id = h('webhook-id');
    // Only a delivery it processes counts as the first of its id: one refused (410, bad signature) was not taken.
    const first = verdict.ok && !this.isGone && !!id && !this.processed.has(id);
    const delivery: WebhookDelivery = {
      id,
      timestamp: h('webhook-timestamp'),
      signature: h('webhook-signature'),
      valid: verdict.ok,
      ...(verdict.ok ? {} : { reason: verdict.reason }),
      first,
      type: (req.body as { type?: string } | null)?.type,
      body: req.body,
      rawBody: req.rawBody,
      status: 0,
    };
    this.deliveries.push(delivery);
    if (this.isGone) return this.answer(delivery, 410, { message: 'This endpoint no longer accepts webhooks' });
    if (!verdict.ok) return this.answer(delivery, 401, { message: verdict.reason });
    if (first && id) this.processed.add(id);
    return this.answer(delivery, 204);
  }

  private answer(delivery: WebhookDelivery, status: number, body?: unknown) {
    delivery.status = status;
    return { status, ...(body === undefined ? {} : { body }) };
  }
}

type Verdict = { ok: true } | { ok: false; reason: string };

function keyOf(secret: string): Buffer {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice('whsec_'.length), 'base64') : Buffer.from(secret);
}

/** The spec's verification: HMAC-SHA256 of `id.timestamp.body`, any `v1,` entry of the header may match. */
function verify(secret: string, h: (name: string) => string | undefined, body: string, tolerance: number): Verdict {
  const id = h('webhook-id');
  const ts = h('webhook-timestamp');
  const signatures = h('webhook-signature');
  if (!id || !ts || !signatures)
    return { ok: false, reason: 'missing webhook-id, webhook-timestamp or webhook-signature' };
  if (!/^\d+$/.test(ts)) return { ok: false, reason: 'webhook-timestamp is not a number of seconds' };
  if (Math.abs(Date.now() / 1000 - Number(ts)) > tolerance)
    return { ok: false, reason: 'webhook-timestamp is outside the tolerance' };
  const expected = createHmac('sha256', keyOf(secret)).update(`${id}.${ts}.${body}`).digest();
  for (const entry of signatures.split(' ')) {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || !value) continue;
    const given = Buffer.from(value, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, reason: 'no signature matches' };
}
