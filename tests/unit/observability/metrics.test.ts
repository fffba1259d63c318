import { WebClient } from '@slack/web-api';
import { Metrics } from '../../../src/observability/metrics';
import { requestId, requestKind } from '../../../src/observability/slack-requests';
import { apiOutcome, instrumentWebClient } from '../../../src/observability/web-client';

const line = (text: string, prefix: string) => text.split('\n').find((l) => l.startsWith(prefix));

describe('Metrics', () => {
  test('without providers the gauges read 0; each instance has its own registry', async () => {
    const a = new Metrics({ defaultMetrics: false, severities: ['SEV1'] });
    const b = new Metrics({ defaultMetrics: false });
    a.request('command', 'ok', 0.004);
    a.countApiCall('chat.postMessage', 'ok');
    const text = await a.render();
    expect(line(text, 'outbox_depth ')).toBe('outbox_depth 0');
    expect(line(text, 'outbox_oldest_age_seconds ')).toBe('outbox_oldest_age_seconds 0');
    expect(line(text, 'scheduler_lag_seconds ')).toBe('scheduler_lag_seconds 0');
    expect(line(text, 'incidents_open{')).toBe('incidents_open{severity="SEV1"} 0');
    expect(line(text, 'slack_requests_total{')).toBe('slack_requests_total{kind="command",outcome="ok"} 1');
    expect(line(text, 'slack_ack_seconds_bucket{le="0.005"')).toBe(
      'slack_ack_seconds_bucket{le="0.005",kind="command"} 1',
    );
    expect(line(text, 'slack_ack_seconds_bucket{le="0.0025"')).toBe(
      'slack_ack_seconds_bucket{le="0.0025",kind="command"} 0',
    );
    expect(await b.render()).not.toContain('slack_requests_total{');
  });

  test('providers feed the gauges; one outbox read per scrape; a failing one drops its gauge, not the scrape', async () => {
    let outboxReads = 0;
    let fail = false;
    const m = new Metrics({
      defaultMetrics: false,
      severities: ['SEV1', 'SEV2'],
      outbox: async () => {
        outboxReads++;
        return { depth: 3, oldestAgeSeconds: 12.5, dead: 2 };
      },
      schedulerLag: async () => {
        if (fail) throw new Error('connection terminated');
        return 4;
      },
      openIncidents: async () => [
        { severity: 'SEV2', count: 2 },
        { severity: 'none', count: 1 },
      ],
      providerTimeoutMs: 100,
    });
    let text = await m.render();
    expect(outboxReads).toBe(1);
    expect(line(text, 'outbox_depth ')).toBe('outbox_depth 3');
    expect(line(text, 'outbox_oldest_age_seconds ')).toBe('outbox_oldest_age_seconds 12.5');
    expect(line(text, 'outbox_dead_notices ')).toBe('outbox_dead_notices 2');
    expect(line(text, 'scheduler_lag_seconds ')).toBe('scheduler_lag_seconds 4');
    expect(text).toContain('incidents_open{severity="SEV1"} 0');
    expect(text).toContain('incidents_open{severity="SEV2"} 2');
    expect(text).toContain('incidents_open{severity="none"} 1');

    fail = true;
    text = await m.render();
    expect(line(text, 'scheduler_lag_seconds ')).toMatch(/^scheduler_lag_seconds nan$/i); // prom-client writes 'Nan'; Prometheus parses it case-insensitively
    expect(text).toContain('metrics_collect_errors_total{gauge="scheduler_lag"} 1');
    expect(line(text, 'outbox_depth ')).toBe('outbox_depth 3');
  });

  test('a provider that hangs times out', async () => {
    const m = new Metrics({
      defaultMetrics: false,
      schedulerLag: () => new Promise(() => undefined),
      providerTimeoutMs: 20,
    });
    const text = await m.render();
    expect(text).toContain('metrics_collect_errors_total{gauge="scheduler_lag"} 1');
  });
});

describe('request labels', () => {
  test.each([
    [{ command: '/incident', trigger_id: 't1' }, 'command', 't1'],
    [{ type: 'view_submission', trigger_id: 't2' }, 'view_submission', 't2'],
    [{ type: 'block_actions', trigger_id: 't3' }, 'block_actions', 't3'],
    [{ type: 'message_action', trigger_id: 't4' }, 'shortcut', 't4'],
    [{ type: 'event_callback', event_id: 'Ev1' }, 'event', 'Ev1'],
  ])('%j', (body, kind, id) => {
    expect(requestKind(body)).toBe(kind);
    expect(requestId(body)).toBe(id);
  });
  test('a random id otherwise', () => {
    expect(requestId({ type: 'view_closed' })).toMatch(/^r-[0-9a-f-]{36}$/);
    expect(requestId({})).not.toBe(requestId({}));
  });
});

describe('Web API outcomes', () => {
  test.each([
    [{ code: 'slack_webapi_platform_error', data: { ok: false, error: 'channel_not_found' } }, 'channel_not_found'],
    [{ code: 'slack_webapi_rate_limited_error', retryAfter: 3 }, 'ratelimited'],
    [{ code: 'slack_webapi_http_error', statusCode: 503 }, 'http_5xx'],
    [{ code: 'slack_webapi_http_error', statusCode: 404 }, 'http_4xx'],
    [{ code: 'slack_webapi_request_error', original: { name: 'TimeoutError' } }, 'timeout'],
    [{ code: 'slack_webapi_request_error', original: { name: 'Error' } }, 'request_failed'],
    [new Error('A rate limit was exceeded (url: x, retry-after: 1)'), 'ratelimited'],
    [{ data: { error: 'Not a <code> at all' } }, 'error'],
    [new Error('boom'), 'error'],
  ])('%j → %s', (e, outcome) => expect(apiOutcome(e)).toBe(outcome));

  test('namespaced methods and apiCall are counted once each, per client', async () => {
    const m = new Metrics({ defaultMetrics: false });
    const calls: string[] = [];
    const fetch = (async (url: string | URL | Request) => {
      const method = String(url).split('/').pop()!;
      calls.push(method);
      const body = method === 'chat.postMessage' ? { ok: false, error: 'not_in_channel' } : { ok: true };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof globalThis.fetch;
    const client = instrumentWebClient(
      new WebClient('xoxb-unit', { slackApiUrl: 'http://slack.invalid/api/', fetch, retryConfig: { retries: 0 } }),
      m,
    );
    expect(instrumentWebClient(client, m)).toBe(client);
    await client.auth.test();
    await client.conversations.setTopic({ channel: 'C1', topic: 't' });
    await client.apps.event.authorizations.list({ event_context: 'x' });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'hi' })).rejects.toThrow('not_in_channel');
    await client.apiCall('users.info', { user: 'U1' });
    expect(calls).toEqual([
      'auth.test',
      'conversations.setTopic',
      'apps.event.authorizations.list',
      'chat.postMessage',
      'users.info',
    ]);
    const text = await m.render();
    for (const method of ['auth.test', 'conversations.setTopic', 'apps.event.authorizations.list', 'users.info']) {
      expect(text).toContain(`slack_api_calls_total{method="${method}",outcome="ok"} 1`);
    }
    expect(text).toContain('slack_api_calls_total{method="chat.postMessage",outcome="not_in_channel"} 1');
  });
});
