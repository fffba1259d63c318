import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAlertPayload } from '../../../../src/features/alerts/alert-payloads';

const example = () =>
  JSON.parse(readFileSync(path.join(__dirname, '../../../fixtures/alertmanager/example-v0.34-firing.json'), 'utf8'));

test("Alertmanager's v4 payload reads as one group keyed by groupKey", () => {
  const parsed = parseAlertPayload('alertmanager', example());
  expect(parsed).toMatchObject({
    ok: true,
    group: {
      key: '{}:{alertname="HighErrorRate"}',
      status: 'firing',
      externalUrl: 'http://alertmanager.example:9093',
      title: null,
    },
  });
  if (parsed.ok)
    expect(parsed.group.alerts.map((a) => [a.status, a.fingerprint])).toEqual([
      ['firing', '5d3b1b2e9f1c8a47'],
      ['resolved', 'a07c33e14f2b9d60'],
    ]);
});

test('fields from older and newer Alertmanagers are optional or ignored', () => {
  const { notification_reason: _, routeLabels: __, ...old } = example();
  expect(parseAlertPayload('alertmanager', { ...old, futureField: { x: 1 } }).ok).toBe(true);
});

test.each([
  ['a Grafana body sent to an alertmanager source', { ...example(), version: '1' }, 'version'],
  ['no alerts', { ...example(), alerts: [] }, 'alerts: must hold at least one alert'],
  ['a label that is not text', { ...example(), commonLabels: { severity: 3 } }, 'commonLabels.severity'],
  ['no status', { ...example(), status: undefined }, 'status'],
  ['an array', [], 'body'],
])('%s is refused, naming the field', (_, body, named) => {
  const parsed = parseAlertPayload('alertmanager', body);
  expect(parsed.ok).toBe(false);
  if (!parsed.ok) expect(parsed.problem).toContain(named);
});

test('Grafana carries its own title; an empty groupKey falls back to the first fingerprint', () => {
  const body = {
    ...example(),
    version: '1',
    orgId: 1,
    title: '[FIRING:1] X',
    state: 'alerting',
    message: '',
    groupKey: '',
  };
  expect(parseAlertPayload('grafana', body)).toMatchObject({
    ok: true,
    group: { key: '5d3b1b2e9f1c8a47', title: '[FIRING:1] X' },
  });
});

test('the generic body: one alert, its title the alert name unless a label says otherwise', () => {
  expect(
    parseAlertPayload('generic', {
      key: 'k',
      status: 'resolved',
      title: 'T',
      labels: { severity: 'high' },
      url: 'https://x',
    }),
  ).toMatchObject({
    ok: true,
    group: {
      key: 'k',
      status: 'resolved',
      commonLabels: { alertname: 'T', severity: 'high' },
      commonAnnotations: { summary: 'T' },
      alerts: [{ status: 'resolved', generatorUrl: 'https://x' }],
    },
  });
  const missing = parseAlertPayload('generic', { status: 'firing', title: 'T' });
  expect(missing).toEqual({ ok: false, problem: expect.stringContaining('key') });
});
