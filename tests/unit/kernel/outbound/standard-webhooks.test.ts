// The signing both ways against the Standard Webhooks test vectors (standard-webhooks/standard-webhooks b2fa7b8,
// Apache-2.0; the second vector computed by the integration-specs' authors with two implementations).
import { sign, signedHeaders, TOLERANCE_SECONDS, verify } from '../../../../src/kernel/outbound/standard-webhooks';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const vectors = [
  {
    id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
    ts: 1614265330,
    body: '{"test": 2432232314}',
    signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  },
  {
    id: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W',
    ts: 1674087231,
    body: '{"type":"contact.created","timestamp":"2022-11-03T20:26:10.344522Z","data":{"id":"1f81eb52-5198-4599-803e-771906343485"}}',
    signature: 'v1,ARw42xaAApl/nxRo+iPGYwSaMQaOwMo2eyH5JBRA+bQ=',
  },
];

const headersOf = (h: Record<string, string>) => (name: string) => h[name];

describe.each(vectors)('vector $id', (v) => {
  const at = new Date(v.ts * 1000);
  const headers = { 'webhook-id': v.id, 'webhook-timestamp': String(v.ts), 'webhook-signature': v.signature };

  test('signs as the spec does', () => {
    expect(sign(SECRET, v.id, v.ts, v.body)).toBe(v.signature);
    expect(signedHeaders(SECRET, v.id, at, v.body)).toEqual(headers);
  });

  test('verifies, and refuses a changed body, a wrong secret, a stale or future timestamp', () => {
    expect(verify(SECRET, headersOf(headers), v.body, at)).toEqual({ ok: true, id: v.id });
    expect(verify(SECRET, headersOf(headers), `${v.body} `, at)).toEqual({ ok: false, reason: 'no signature matches' });
    expect(verify('whsec_AAAA', headersOf(headers), v.body, at).ok).toBe(false);
    const late = new Date(at.getTime() + (TOLERANCE_SECONDS + 1) * 1000);
    expect(verify(SECRET, headersOf(headers), v.body, late)).toEqual({
      ok: false,
      reason: 'webhook-timestamp is too old or too new',
    });
    const early = new Date(at.getTime() - (TOLERANCE_SECONDS + 1) * 1000);
    expect(verify(SECRET, headersOf(headers), v.body, early).ok).toBe(false);
  });

  test('accepts any matching v1 entry of several (a sender rotating keys)', () => {
    const rotated = { ...headers, 'webhook-signature': `v1,bm90IGl0 v1a,c29tZXRoaW5n ${v.signature}` };
    expect(verify(SECRET, headersOf(rotated), v.body, at).ok).toBe(true);
  });
});

test('missing headers and a timestamp that is not seconds are named', () => {
  const now = new Date();
  expect(verify(SECRET, () => undefined, '{}', now)).toEqual({
    ok: false,
    reason: 'missing webhook-id, webhook-timestamp or webhook-signature',
  });
  const h = { 'webhook-id': 'x', 'webhook-timestamp': '2026-12-07T00:00:00Z', 'webhook-signature': 'v1,abc' };
  expect(verify(SECRET, headersOf(h), '{}', now)).toEqual({
    ok: false,
    reason: 'webhook-timestamp is not a number of seconds',
  });
});
