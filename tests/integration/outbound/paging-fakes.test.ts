// The PagerDuty and Opsgenie fakes against ../shared/integration-specs/: the documented bodies, validation and
// de-duplication, so the bot's tests assert against what the real services would answer.
import { FakeOpsgenie, FakePagerDuty } from '@firebreak/service-fakes';

const KEY = '0123456789abcdef0123456789abcdef';
const pd = new FakePagerDuty().addRoutingKey(KEY);
const og = new FakeOpsgenie().addApiKey('genie-key');
beforeAll(() => Promise.all([pd.start(), og.start()]));
afterAll(() => Promise.all([pd.stop(), og.stop()]));

const post = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as Record<string, unknown> };
};
const enqueue = (body: unknown) => post(`${pd.url}/v2/enqueue`, body);
const trigger = (over: Record<string, unknown> = {}) => ({
  routing_key: KEY,
  event_action: 'trigger',
  dedup_key: 'k1',
  payload: { summary: 'Disk full', source: 'db-1', severity: 'critical' },
  ...over,
});

describe('PagerDuty Events API v2 fake', () => {
  test('a trigger opens one alert; another with its dedup_key lands on it; resolve closes it', async () => {
    expect(await enqueue(trigger())).toEqual({
      status: 202,
      body: { status: 'success', message: 'Event processed', dedup_key: 'k1' },
    });
    await enqueue(trigger());
    expect(pd.openAlerts('k1')).toMatchObject([{ triggers: 2, severity: 'critical', summary: 'Disk full' }]);
    expect((await enqueue({ routing_key: KEY, event_action: 'resolve', dedup_key: 'k1' })).status).toBe(202);
    expect(pd.openAlerts('k1')).toEqual([]);
    // A trigger after the resolve opens a new alert.
    await enqueue(trigger());
    expect(pd.openAlerts('k1')).toMatchObject([{ triggers: 1 }]);
  });

  test.each([
    [
      'a short routing key',
      trigger({ routing_key: 'abc' }),
      "Length of 'routing_key' is incorrect (should be 32 characters)",
    ],
    ['an unregistered key', trigger({ routing_key: 'f'.repeat(32) }), 'Invalid routing key'],
    ['no payload', trigger({ payload: undefined }), "'payload' is missing or not an object"],
    [
      'a bad severity',
      trigger({ payload: { summary: 's', source: 'x', severity: 'high' } }),
      "'payload.severity' is invalid (must be one of critical, error, warning, info)",
    ],
    [
      'a long summary',
      trigger({ payload: { summary: 's'.repeat(1025), source: 'x', severity: 'info' } }),
      "Length of 'payload.summary' is incorrect (maximum is 1024 characters)",
    ],
    [
      'a long dedup_key',
      trigger({ dedup_key: 'd'.repeat(256) }),
      "Length of 'dedup_key' is incorrect (maximum is 255 characters)",
    ],
    [
      'an unknown action',
      trigger({ event_action: 'page' }),
      "'event_action' is invalid (must be one of trigger, acknowledge, resolve)",
    ],
  ])('%s is a 400 invalid event', async (_name, body, error) => {
    const answer = await enqueue(body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ status: 'invalid event', message: 'Event object is invalid' });
    expect(answer.body.errors).toContain(error);
  });

  test('a body that is not JSON is an unrecognized object; a 429 fault has an empty body and Retry-After', async () => {
    expect(await enqueue('{nope')).toMatchObject({ status: 400, body: { status: 'Unrecognized object' } });
    pd.failNext('enqueue', { status: 429, retryAfter: 7 });
    const res = await fetch(`${pd.url}/v2/enqueue`, { method: 'POST', body: JSON.stringify(trigger()) });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await res.text()).toBe('');
  });
});

describe('Opsgenie Alert API fake', () => {
  const auth = { authorization: 'GenieKey genie-key' };

  test('without a known GenieKey: 401, nothing created', async () => {
    const answer = await post(`${og.url}/v2/alerts`, { message: 'x' }, { authorization: 'GenieKey wrong' });
    expect(answer).toMatchObject({ status: 401, body: { message: 'Could not authenticate' } });
    expect(typeof answer.body.requestId).toBe('string');
    expect(og.alerts).toHaveLength(0);
  });

  test('create answers 202 with a requestId whose status tells what happened; an open alias is folded in', async () => {
    const created = await post(`${og.url}/v2/alerts`, { message: 'DB down', alias: 'a1', priority: 'P1' }, auth);
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ result: 'Request will be processed', took: expect.any(Number) });
    const status = await fetch(`${og.url}/v2/alerts/requests/${created.body.requestId}`, { headers: auth });
    expect(await status.json()).toMatchObject({ data: { isSuccess: true, action: 'Create', alias: 'a1' } });
    await post(`${og.url}/v2/alerts`, { message: 'DB down', alias: 'a1' }, auth);
    expect(og.openAlerts('a1')).toMatchObject([{ count: 2, priority: 'P1' }]);

    const closed = await post(`${og.url}/v2/alerts/a1/close?identifierType=alias`, { source: 'test' }, auth);
    expect(closed.status).toBe(202);
    expect(og.openAlerts('a1')).toEqual([]);
  });

  test.each([
    ['no message', {}, 'message'],
    ['a message over 130 characters', { message: 'm'.repeat(131) }, 'message'],
    ['an unknown priority', { message: 'm', priority: 'P9' }, 'priority'],
    ['a responder without an id or name', { message: 'm', responders: [{ type: 'team' }] }, 'responders'],
  ])('%s is a 422 naming the field', async (_name, body, field) => {
    const answer = await post(`${og.url}/v2/alerts`, body, auth);
    expect(answer.status).toBe(422);
    expect(Object.keys(answer.body.errors as object)).toContain(field);
  });
});
