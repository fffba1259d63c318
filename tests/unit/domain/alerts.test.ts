import {
  type AlertGroup,
  type AlertSource,
  alertDraft,
  alertSeverity,
  alertTimelineText,
  DEFAULT_ALERT_SEVERITIES,
} from '../../../src/domain/alerts';

const source: AlertSource = {
  name: 'prom',
  kind: 'alertmanager',
  secretEnv: 'S',
  severityLabel: 'severity',
  severities: DEFAULT_ALERT_SEVERITIES,
  categoryLabel: 'team_category',
  declare: 'ask',
};

function group(labels: Record<string, string>, extra: Partial<AlertGroup> = {}): AlertGroup {
  return {
    key: '{}:{alertname="X"}',
    status: 'firing',
    alerts: [
      { status: 'firing', labels, annotations: {}, fingerprint: 'a', generatorUrl: 'https://prom.example/graph?g0' },
      { status: 'resolved', labels, annotations: {}, fingerprint: 'b', generatorUrl: null },
    ],
    commonLabels: labels,
    commonAnnotations: {},
    externalUrl: 'https://am.example',
    title: null,
    ...extra,
  };
}

test.each([
  ['critical', 'SEV1'],
  ['CRITICAL', 'SEV1'],
  ['high', 'SEV2'],
  ['error', 'SEV2'],
  ['warning', 'SEV3'],
  ['info', 'SEV4'],
  [undefined, 'SEV4'],
])('severity label %p maps to %s', (value, expected) => {
  expect(alertSeverity(source, group(value === undefined ? {} : { severity: value }))).toBe(expected);
});

test('an overridden map and another label are read', () => {
  const custom = {
    ...source,
    severityLabel: 'priority',
    severities: { ...DEFAULT_ALERT_SEVERITIES, p1: 'SEV1' as const },
  };
  expect(alertSeverity(custom, group({ priority: 'P1', severity: 'warning' }))).toBe('SEV1');
});

test('the draft: summary annotation as title, description first in the summary, category matched regardless of case', () => {
  const g = group(
    { alertname: 'HighErrorRate', severity: 'critical', team_category: 'availability' },
    { commonAnnotations: { summary: 'High  error\nrate', description: '5xx above 5%' } },
  );
  expect(alertDraft(source, g, ['Availability', 'Data'])).toEqual({
    title: 'High error rate',
    summary: '5xx above 5%\n\nAlert HighErrorRate from prom (1 of 2 firing).',
    severity: 'SEV1',
    category: 'Availability',
    origin: { source: 'prom', alertName: 'HighErrorRate', url: 'https://prom.example/graph?g0' },
  });
});

test('no summary: the sender title, then the alert name; a category not in the list is none; odd links are dropped', () => {
  const g = group({ alertname: 'DiskFull', team_category: 'Storage' }, { title: '[FIRING:1] DiskFull' });
  g.alerts = g.alerts.map((a) => ({ ...a, generatorUrl: 'javascript:alert(1)' }));
  const draft = alertDraft(source, g, ['Availability']);
  expect(draft).toMatchObject({ title: '[FIRING:1] DiskFull', category: null });
  expect(draft.origin.url).toBe('https://am.example');
  expect(
    alertDraft(source, group({ alertname: 'DiskFull' }, { externalUrl: 'https://a.example/<x>' }), []).origin.url,
  ).toBe('https://prom.example/graph?g0');
  const unnamed = alertDraft(source, group({}, { alerts: [] }), []);
  expect(unnamed).toMatchObject({ title: 'alert', origin: { alertName: 'alert', url: 'https://am.example' } });
});

test('timeline lines say what happened to the group', () => {
  const origin = { source: 'prom', alertName: 'DiskFull', url: null };
  expect(alertTimelineText(group({}), origin)).toBe('Alert DiskFull from prom fired again (1 of 2 firing).');
  expect(alertTimelineText(group({}, { status: 'resolved' }), origin)).toBe('Alert DiskFull from prom resolved.');
});
