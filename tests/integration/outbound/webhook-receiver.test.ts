// The webhook receiver fake over real HTTP, held to the Standard Webhooks test vectors: it takes what the spec
// calls valid, refuses what it does not (401), processes each webhook-id once, and answers faults and 410.
import { WebhookReceiver } from '@firebreak/service-fakes';
import { signedHeaders } from '../../../src/kernel/outbound/standard-webhooks';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
// Vector 1 of ../shared/integration-specs/standard-webhooks/test-vectors.json (the upstream libraries' own).
const vector = {
  'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  'webhook-timestamp': '1614265330',
  'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const VECTOR_BODY = '{"test": 2432232314}';

// The vector's timestamp is from 2021: this receiver's window reaches back that far; `fresh` keeps the spec's 5 minutes.
const old = new WebhookReceiver({ secret: SECRET, toleranceSeconds: 10 * 365 * 24 * 3600 });
const fresh = new WebhookReceiver({ secret: SECRET });
beforeAll(() => Promise.all([old.start(), fresh.start()]));
afterAll(() => Promise.all([old.stop(), fresh.stop()]));

const post = (r: WebhookReceiver, headers: Record<string, string>, body: string) =>
  fetch(r.endpoint, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

test('the spec’s vector is valid and processed once; its replay is answered 2xx and not processed again', async () => {
  expect((await post(old, vector, VECTOR_BODY)).status).toBe(204);
  expect((await post(old, vector, VECTOR_BODY)).status).toBe(204);
  expect(old.deliveries.map((d) => [d.valid, d.first])).toEqual([
    [true, true],
    [true, false],
  ]);
  expect(old.accepted).toHaveLength(1);
});

test('a changed body, a wrong secret or a stale timestamp is refused with 401 and not processed', async () => {
  const before = fresh.accepted.length;
  expect((await post(old, vector, `${VECTOR_BODY} `)).status).toBe(401);
  expect(old.deliveries.at(-1)).toMatchObject({ valid: false, reason: 'no signature matches', first: false });
  const body = '{"type":"incident.declared"}';
  expect((await post(fresh, signedHeaders('whsec_AAAA', 'a', new Date(), body), body)).status).toBe(401);
  expect((await post(fresh, vector, VECTOR_BODY)).status).toBe(401);
  expect(fresh.deliveries.at(-1)?.reason).toBe('webhook-timestamp is outside the tolerance');
  expect((await post(fresh, signedHeaders(SECRET, 'b', new Date(), body), body)).status).toBe(204);
  expect(fresh.accepted.length).toBe(before + 1);
});

test('faults: 429 carries Retry-After and reaches no handler; gone() answers 410 and processes nothing', async () => {
  const body = '{}';
  fresh.failNext('deliver', { status: 429, retryAfter: 7 });
  const throttled = await post(fresh, signedHeaders(SECRET, 'c', new Date(), body), body);
  expect([throttled.status, throttled.headers.get('retry-after')]).toEqual([429, '7']);
  fresh.gone();
  const gone = await post(fresh, signedHeaders(SECRET, 'c', new Date(), body), body);
  expect(gone.status).toBe(410);
  expect(fresh.accepted.map((d) => d.id)).not.toContain('c');
  fresh.gone(false);
  expect((await post(fresh, signedHeaders(SECRET, 'c', new Date(), body), body)).status).toBe(204);
  expect(fresh.accepted.map((d) => d.id)).toContain('c');
});
