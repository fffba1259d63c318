import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Standard Webhooks (standardwebhooks.com), symmetric v1: HMAC-SHA256 over `id.timestamp.body`, keyed by the
 * base64 secret after its `whsec_` prefix. Firebreak both signs what it sends (webhooks out) and verifies what
 * generic alert sources send, so both sides live here, checked against the spec's test vectors.
 */

/** How far a sender's `webhook-timestamp` may be from our clock (the reference libraries' 5 minutes). */
export const TOLERANCE_SECONDS = 300;

/** A secret as people configure it: `whsec_<base64>`, or (not the spec's form) any other string, used as its bytes. */
export function secretKey(secret: string): Buffer {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice('whsec_'.length), 'base64') : Buffer.from(secret);
}

/** The `webhook-signature` header's value for one message. */
export function sign(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secretKey(secret)).update(`${id}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/** The three headers a signed message carries. */
export function signedHeaders(secret: string, id: string, at: Date, body: string): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': sign(secret, id, timestamp, body),
  };
}

export type Verdict = { ok: true; id: string } | { ok: false; reason: string };

/**
 * Checks a received message. `header` reads a request header by its lower-case name. Any v1 entry of a
 * space-separated `webhook-signature` may match (senders rotating keys send two).
 */
export function verify(secret: string, header: (name: string) => string | undefined, body: string, now: Date): Verdict {
  const id = header('webhook-id');
  const ts = header('webhook-timestamp');
  const signatures = header('webhook-signature');
  if (!id || !ts || !signatures)
    return { ok: false, reason: 'missing webhook-id, webhook-timestamp or webhook-signature' };
  if (!/^\d+$/.test(ts)) return { ok: false, reason: 'webhook-timestamp is not a number of seconds' };
  const seconds = Number(ts);
  if (Math.abs(now.getTime() / 1000 - seconds) > TOLERANCE_SECONDS)
    return { ok: false, reason: 'webhook-timestamp is too old or too new' };
  const expected = Buffer.from(sign(secret, id, seconds, body).slice(3), 'base64');
  for (const entry of signatures.split(' ')) {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || !value) continue;
    const given = Buffer.from(value, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true, id };
  }
  return { ok: false, reason: 'no signature matches' };
}
