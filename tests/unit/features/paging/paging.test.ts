import type { Incident } from '../../../../src/domain/incident';
import type { PagingPolicy } from '../../../../src/domain/paging';
import { pagesOwed } from '../../../../src/features/paging/auto-paging';
import { opsgenieCreate, pagerdutyResolve, pagerdutyTrigger } from '../../../../src/features/paging/pager.gateway';
import { refusalOf } from '../../../../src/features/paging/paging.delivery';
import { ServiceCallError } from '../../../../src/kernel/outbound/service-call';
import type { Notice } from '../../../../src/kernel/outbox/notice';
import { parseIncidentCommand } from '../../../../src/kernel/slack/parse-command';
import { anIncident } from '../../../support/incident';

const incident: Incident = anIncident({ id: 7, summary: 'Secret details of a private incident' });

const paging: PagingPolicy = {
  services: [
    { name: 'payments', kind: 'pagerduty', routingKeyEnv: 'PD' },
    { name: 'platform', kind: 'opsgenie', apiKeyEnv: 'OG', responders: [{ type: 'team', name: 'platform' }] },
  ],
  rules: [
    { severities: ['SEV1'], categories: null, page: ['payments', 'platform'] },
    { severities: ['SEV2'], categories: null, page: ['payments'] },
  ],
};

const changed = (change: Extract<Notice, { type: 'changed' }>['event']['change'], at = incident): Notice => ({
  type: 'changed',
  incident: at,
  before: incident,
  event: { change, actor: 'UCAROL', at: new Date('2026-01-01T00:10:00Z') },
});

const owed = (notice: Notice) =>
  pagesOwed(paging, notice).map((n) => [n.type, 'service' in n ? n.service : '', 'lane' in n ? n.lane : '']);

describe('pagesOwed: what a notice sets off', () => {
  test('a declaration at SEV1 pages both, each in its own lane, as the declarer', () => {
    const pages = pagesOwed(paging, { type: 'declared', incident, reply: { user: 'UBOB' } });
    expect(pages.map((n) => n.type === 'page_requested' && [n.service, n.lane, n.actor, n.automatic])).toEqual([
      ['payments', 'page:payments:incident:7', 'UBOB', true],
      ['platform', 'page:platform:incident:7', 'UBOB', true],
    ]);
  });

  test.each<[string, Notice, string[][]]>([
    ['a drill', { type: 'declared', incident: { ...incident, isDrill: true }, reply: { user: 'UBOB' } }, []],
    [
      'a raise to SEV2',
      changed({ kind: 'severity', from: 'SEV3', to: 'SEV2' }, { ...incident, severity: 'SEV2' }),
      [['page_requested', 'payments', 'page:payments:incident:7']],
    ],
    [
      'a lowering to SEV2',
      changed({ kind: 'severity', from: 'SEV1', to: 'SEV2' }, { ...incident, severity: 'SEV2' }),
      [],
    ],
    [
      'a resolve',
      changed({ kind: 'status', from: 'monitoring', to: 'resolved', message: null }),
      [
        ['page_resolved', 'payments', 'page:payments:incident:7'],
        ['page_resolved', 'platform', 'page:platform:incident:7'],
      ],
    ],
    ['a close after resolve', changed({ kind: 'status', from: 'resolved', to: 'closed', message: null }), []],
    ['a reopen', changed({ kind: 'status', from: 'resolved', to: 'investigating', message: null }), []],
    ['a note', { type: 'note_added', incident, text: 'x', actor: 'UBOB', toStakeholders: false }, []],
  ])('%s', (_name, notice, expected) => {
    expect(owed(notice)).toEqual(expected);
  });

  test('without paging services nothing is owed', () => {
    expect(pagesOwed({ services: [], rules: [] }, { type: 'declared', incident, reply: { user: 'UBOB' } })).toEqual([]);
  });
});

describe('what is sent', () => {
  const page = { incident: { ...incident, isPrivate: false }, actor: 'UALICE', message: 'DBA needed' };

  test("a private incident's title stays in Slack: both services get its number and severity only", () => {
    const secret = { ...page, incident: { ...page.incident, isPrivate: true } };
    const pd = pagerdutyTrigger('k'.repeat(32), 'T0001', secret);
    const og = opsgenieCreate([], 'T0001', secret);
    expect(pd.payload.summary).toBe('Private incident INC-42 (SEV1): details in Slack');
    expect(og.message).toBe('Private incident INC-42 (SEV1): details in Slack');
    expect(JSON.stringify([pd, og])).not.toContain('Checkout down');
  });

  test('a PagerDuty trigger: key, title, mapped severity, channel link; never the summary', () => {
    const body = pagerdutyTrigger('k'.repeat(32), 'T0001', page);
    expect(body).toMatchObject({
      routing_key: 'k'.repeat(32),
      event_action: 'trigger',
      dedup_key: 'firebreak-T0001-INC-42',
      payload: {
        summary: 'Checkout down',
        severity: 'critical',
        source: 'firebreak/T0001',
        custom_details: {
          incident: 'INC-42',
          channel: 'https://slack.com/app_redirect?team=T0001&channel=C42',
          message: 'DBA needed',
        },
      },
    });
    expect(JSON.stringify(body)).not.toContain('Secret details');
    expect(pagerdutyTrigger('k', 'T', { ...page, incident: { ...incident, severity: 'SEV4' } }).payload.severity).toBe(
      'info',
    );
    expect(
      pagerdutyTrigger('k', 'T', { ...page, incident: { ...incident, title: 'x'.repeat(2000) } }).payload.summary,
    ).toHaveLength(1024);
    expect(pagerdutyResolve('k', 'T0001', 42)).toEqual({
      routing_key: 'k',
      event_action: 'resolve',
      dedup_key: 'firebreak-T0001-INC-42',
    });
  });

  test('an Opsgenie alert: alias, message cut to 130, priority, responders', () => {
    const body = opsgenieCreate([{ type: 'team', name: 'platform' }], 'T0001', {
      ...page,
      incident: { ...incident, severity: 'SEV2', title: 'y'.repeat(200) },
    });
    expect(body).toMatchObject({
      alias: 'firebreak-T0001-INC-42',
      priority: 'P2',
      responders: [{ type: 'team', name: 'platform' }],
    });
    expect(body.message).toHaveLength(130);
    expect(body.description).toContain('DBA needed');
    expect(JSON.stringify(body)).not.toContain('Secret details');
  });

  test.each([
    [
      '{"status":"invalid event","message":"Event object is invalid","errors":["Invalid routing key"]}',
      'Event object is invalid: Invalid routing key (HTTP 400)',
    ],
    ['{"message":"Could not authenticate","took":0.1}', 'Could not authenticate (HTTP 400)'],
    ['<html>nope</html>', 'HTTP 400'],
  ])('a refusal reads as a line: %s', (body, line) => {
    expect(refusalOf(new ServiceCallError('pagerduty', { transient: false, code: 'http_400' }, 400, body))).toBe(line);
  });
});

test.each([
  ['page', { kind: 'page', service: null, message: null }],
  ['page payments', { kind: 'page', service: 'payments', message: null }],
  ['page payments  DB is on fire', { kind: 'page', service: 'payments', message: 'DB is on fire' }],
])('/incident %s', (text, command) => {
  expect(parseIncidentCommand(text)).toEqual(command);
});
