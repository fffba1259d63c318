// callService over real HTTP against the fakes' base server: answers, faults and a receiver that hangs.
import { FakeService } from '@firebreak/service-fakes';
import { callService } from '../../../src/kernel/outbound/service-call';
import { failureOf } from '../../support/service-failure';

const fake = new FakeService('echo');
fake.route('POST', '/things/:id', (req, params) => ({ status: 201, body: { id: params.id, got: req.body } }), 'create');
beforeAll(() => fake.start());
afterAll(() => fake.stop());

const create = (timeoutMs?: number) =>
  callService('echo', { method: 'POST', url: `${fake.url}/things/a%20b`, body: { n: 1 }, timeoutMs });

test('a 2xx answer is parsed, and the fake saw the JSON body and its content type', async () => {
  const answer = await create();
  expect(answer).toMatchObject({ status: 201, body: { id: 'a b', got: { n: 1 } } });
  expect(fake.requestsTo('create').at(-1)).toMatchObject({
    headers: { 'content-type': 'application/json', 'user-agent': 'Firebreak' },
    status: 201,
  });
});

test('429 with Retry-After is transient and untouched; 500 transient; 400 given up, its body kept', async () => {
  fake.failNext('create', { status: 429, retryAfter: 3 });
  expect((await failureOf(create())).failure).toEqual({
    transient: true,
    code: 'http_429',
    untouched: true,
    retryAfterMs: 3000,
  });
  fake.failNext('create', { status: 500 });
  expect((await failureOf(create())).failure).toEqual({ transient: true, code: 'http_500' });
  fake.failNext('create', { status: 400, body: { message: 'Event object is invalid' } });
  const refused = await failureOf(create());
  expect(refused.failure).toEqual({ transient: false, code: 'http_400' });
  expect(refused.status).toBe(400);
  expect(JSON.parse(refused.body)).toEqual({ message: 'Event object is invalid' });
});

test('a receiver that hangs is a timeout, transient and unsure', async () => {
  fake.failNext('create', { hangMs: 2000 });
  const e = await failureOf(create(100));
  expect(e.failure).toEqual({ transient: true, code: 'timeout' });
  expect(e.status).toBeNull();
});

test('an answer lost after the effect: the fake did the work, the caller sees a 502', async () => {
  const before = fake.requestsTo('create').length;
  fake.failNext('create', { status: 502, afterHandling: true });
  expect((await failureOf(create())).failure).toEqual({ transient: true, code: 'http_502' });
  expect(fake.requestsTo('create')).toHaveLength(before + 1);
});

test('nobody listening is a transient request failure', async () => {
  const gone = new FakeService('gone');
  const url = await gone.start();
  await gone.stop();
  const e = await failureOf(callService('gone', { method: 'GET', url }));
  expect(e.failure).toEqual({ transient: true, code: 'request_failed' });
});

test("a service's own reading of a refusal is asked first, with the status, headers and body; undefined falls back", async () => {
  const seen: string[] = [];
  const call = () =>
    callService('echo', {
      method: 'POST',
      url: `${fake.url}/things/x`,
      readFailure: (status, headers, body) => {
        seen.push(`${status} ${headers.get('x-why')} ${body}`);
        return status === 403 ? { transient: true, code: 'limited', untouched: true, retryAfterMs: 9000 } : undefined;
      },
    });
  fake.failNext('create', { status: 403, headers: { 'x-why': 'limit' }, body: 'slow down' });
  expect((await failureOf(call())).failure).toEqual({
    transient: true,
    code: 'limited',
    untouched: true,
    retryAfterMs: 9000,
  });
  fake.failNext('create', { status: 400, body: 'bad' });
  expect((await failureOf(call())).failure).toEqual({ transient: false, code: 'http_400' });
  expect(seen).toEqual(['403 limit slow down', '400 null bad']);
  await call();
  expect(seen).toHaveLength(2);
});
