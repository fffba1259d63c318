import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import type { AlertSource } from '../../../src/domain/alerts';
import { DEFAULT_ALERT_SEVERITIES } from '../../../src/domain/alerts';
import { ALERT_DECLARE_BUTTON, ALERT_DISMISS_BUTTON } from '../../../src/features/alerts/alerts.ids';
import { DECLARE_MODAL } from '../../../src/features/incidents/incidents.ids';
import { UPDATE_FIELDS, UPDATE_MODAL } from '../../../src/features/updates/updates.ids';
import { signedHeaders } from '../../../src/kernel/outbound/standard-webhooks';
import { HEADER_RESOLVE_BUTTON, RESOLVE_MODAL } from '../../../src/kernel/slack/ids';
import { declareValues, handedBackAsSimilar, harnessForFile, run, startReplica } from '../../support/harness';

// Alerts in: Alertmanager, Grafana and generic senders post to /hooks/alerts/<source>; a group opens at most
// one incident, its later deliveries land on that incident's timeline, and a sender's retry changes nothing.

const FIXTURES = path.join(__dirname, '../../fixtures/alertmanager');
const schema = JSON.parse(readFileSync(path.join(FIXTURES, 'webhook-payload.schema.json'), 'utf8'));
const validAlertmanager = new Ajv2020({ strict: false }).compile(schema);
type AmPayload = Record<string, unknown> & { alerts: Record<string, unknown>[]; groupKey: string };
const example = (): AmPayload => JSON.parse(readFileSync(path.join(FIXTURES, 'example-v0.34-firing.json'), 'utf8'));

const source = (name: string, kind: AlertSource['kind'], declare: AlertSource['declare']): AlertSource => ({
  name,
  kind,
  secretEnv: `${name.toUpperCase()}_SECRET`,
  severityLabel: 'severity',
  severities: DEFAULT_ALERT_SEVERITIES,
  categoryLabel: 'category',
  declare,
});
const SECRETS = {
  prom: 'prom-secret-1234',
  promask: 'promask-secret-5678',
  graf: 'grafana-secret-9012',
  gen: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
};
const file = harnessForFile({
  policy: {
    alertSources: [
      source('prom', 'alertmanager', 'auto'),
      source('promask', 'alertmanager', 'ask'),
      source('graf', 'grafana', 'auto'),
      source('gen', 'generic', 'auto'),
    ],
  },
  alertSecrets: SECRETS,
});
const h = () => file.h;
const ws = () => file.h.emulator.workspace;

async function post(name: string, body: string | object, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(`http://127.0.0.1:${h().bot.port}/hooks/alerts/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: text,
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> | null };
}

/** As Alertmanager sends it with `authorization: { credentials: … }`, checked against the payload's schema first. */
async function alertmanager(name: 'prom' | 'promask', payload: AmPayload) {
  expect(validAlertmanager(payload)).toBe(true);
  return post(name, payload, { authorization: `Bearer ${SECRETS[name]}` });
}

/** The example group, renamed so each test has a group of its own. */
function group(alertname: string, extra: Record<string, string> = {}): AmPayload {
  const p = example();
  p.groupKey = `{}:{alertname="${alertname}"}`;
  for (const a of p.alerts) a.labels = { ...(a.labels as object), alertname, ...extra };
  p.commonLabels = { ...(p.commonLabels as object), alertname, ...extra };
  p.groupLabels = { alertname };
  return p;
}
function summarised(p: AmPayload, summary: string): AmPayload {
  for (const a of p.alerts) a.annotations = { ...(a.annotations as object), summary };
  p.commonAnnotations = { ...(p.commonAnnotations as object), summary };
  return p;
}
const again = (p: AmPayload): AmPayload => ({ ...p, notification_reason: 'repeat interval elapsed' });
const resolved = (p: AmPayload): AmPayload => ({
  ...p,
  status: 'resolved',
  notification_reason: 'all alerts resolved',
  alerts: p.alerts.map((a) => ({ ...a, status: 'resolved', endsAt: '2026-08-01T09:40:00Z' })),
});

const incidentsOf = (sourceName: string, alertName: string) =>
  h()
    .db.selectFrom('incidents')
    .selectAll()
    .where('alert_source', '=', sourceName)
    .where('alert_name', '=', alertName)
    .orderBy('id')
    .execute();
const notes = (incidentId: number) =>
  h()
    .db.selectFrom('timeline_entries')
    .select(['text', 'author', 'key'])
    .where('incident_id', '=', incidentId)
    .where('kind', '=', 'note')
    .orderBy('id')
    .execute();
const deliveries = async () =>
  Number(
    (
      await h()
        .db.selectFrom('alert_deliveries')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Clicks `actionId` on a message and returns the modal it opened for `user`, if any. */
async function click(user: string, channel: string, ts: string, actionId: string, callbackId?: string) {
  const before = new Set(
    ws()
      .openViews(user)
      .map((v) => v.id),
  );
  await h().emulator.clickButton({ user, channel, messageTs: ts, actionId });
  await h().bot.idle();
  return ws()
    .openViews(user)
    .find((v) => !before.has(v.id) && (!callbackId || v.view.callback_id === callbackId));
}

const withButton = (channel: string, actionId: string) =>
  ws()
    .messagesIn(channel)
    .filter((m) => JSON.stringify(m.blocks ?? []).includes(actionId));

describe('an Alertmanager group (declare: auto)', () => {
  test('fires, fires again and resolves: one incident, two timeline entries, then the resolve prompt resolves it', async () => {
    const first = group('HighErrorRate', { category: 'availability' });
    expect(await alertmanager('prom', first)).toEqual({ status: 200, body: { ok: true, outcome: 'declared' } });
    await h().bot.idle();
    const [incident] = await incidentsOf('prom', 'HighErrorRate');
    expect(incident).toMatchObject({
      title: 'High error rate on api',
      severity: 'SEV1',
      category: 'Availability',
      status: 'triage',
      alert_url: 'http://prometheus.example:9090/graph?g0.expr=job%3Aerrors%3Arate5m+%3E+0.05&g0.tab=1',
    });
    expect(incident.summary).toContain('5xx rate above 5% for 10 minutes');
    // The pinned header says where it came from.
    const header = ws().findMessage(incident.channel_id!, incident.header_ts!)!;
    expect(JSON.stringify(header.blocks)).toContain('From alert *HighErrorRate* (prom)');

    const repeat = again(first);
    expect((await alertmanager('prom', repeat)).body).toEqual({ ok: true, outcome: 'attached' });
    // Alertmanager retries what it thinks failed: the same body again changes nothing.
    expect((await alertmanager('prom', repeat)).body).toEqual({ ok: true, outcome: 'duplicate' });
    expect((await alertmanager('prom', resolved(first))).body).toEqual({ ok: true, outcome: 'attached' });
    await h().bot.idle();

    expect(await incidentsOf('prom', 'HighErrorRate')).toHaveLength(1);
    expect((await notes(incident.id)).map((n) => n.text)).toEqual([
      'Alert HighErrorRate from prom fired again (1 of 2 firing).',
      'Alert HighErrorRate from prom resolved.',
    ]);
    // Firebreak's own records: in the full timeline, never taken for a person's update by digests.
    expect((await notes(incident.id)).map((n) => n.key)).toEqual([false, false]);
    const [prompt] = withButton(incident.channel_id!, HEADER_RESOLVE_BUTTON).filter((m) =>
      m.text.includes('The alert that opened this incident has resolved'),
    );
    expect(prompt).toBeDefined();

    // Only the commander may resolve: the button's form is checked again on the server.
    for (const user of ['UALICE', 'UBOB']) await h().emulator.joinChannel({ user, channel: incident.channel_id! });
    await run(h(), 'UALICE', incident.channel_id!, 'role commander <@UALICE>');
    await run(h(), 'UALICE', incident.channel_id!, 'status investigating');
    const bobs = (await click('UBOB', incident.channel_id!, prompt.ts, HEADER_RESOLVE_BUTTON, RESOLVE_MODAL))!;
    const refused = await h().emulator.submitView({ user: 'UBOB', viewId: bobs.id, values: {} });
    expect(JSON.stringify(refused.body)).toContain('errors');
    expect((await incidentsOf('prom', 'HighErrorRate'))[0].status).toBe('investigating');
    const alices = (await click('UALICE', incident.channel_id!, prompt.ts, HEADER_RESOLVE_BUTTON, RESOLVE_MODAL))!;
    expect((await h().emulator.submitView({ user: 'UALICE', viewId: alices.id, values: {} })).body).toBe('');
    await h().bot.idle();
    expect((await incidentsOf('prom', 'HighErrorRate'))[0].status).toBe('resolved');

    // Resolved, the group has no open incident: its next firing opens a new one.
    expect((await alertmanager('prom', { ...first, notification_reason: 'first notification' })).body).toEqual({
      ok: true,
      outcome: 'declared',
    });
    await h().bot.idle();
    const [, newer] = await incidentsOf('prom', 'HighErrorRate');
    expect(newer).toBeDefined();

    // The newer incident holds the group now: reopening the first is refused by name, by command and by the form.
    const refusal = await run(h(), 'UALICE', incident.channel_id!, 'status investigating');
    expect(refusal.ack ?? '').toBe('');
    expect(refusal.replies.join('\n')).toContain(`handled in INC-${newer.number} now`);
    const byForm = await h().emulator.command({ user: 'UALICE', channel: incident.channel_id!, text: 'update' });
    expect(byForm.status).toBe(200);
    const form = await h().emulator.waitFor(() =>
      ws()
        .openViews('UALICE')
        .find((v) => v.view.callback_id === UPDATE_MODAL),
    );
    const submitted = await h().emulator.submitView({
      user: 'UALICE',
      viewId: form.id,
      values: { [UPDATE_FIELDS.text.action]: 'It is back', [UPDATE_FIELDS.status.action]: 'investigating' },
    });
    expect(JSON.stringify(submitted.body)).toContain(`INC-${newer.number}`);
    await h().bot.idle();
    expect((await incidentsOf('prom', 'HighErrorRate')).map((i) => i.status)).toEqual(['resolved', 'triage']);
  });
});

test("Alertmanager's repeat of an unchanged group is the same bytes: a duplicate within 10 minutes, news after", async () => {
  const first = summarised(group('RepeatInterval'), 'Queue backlog growing');
  expect((await alertmanager('prom', first)).body).toEqual({ ok: true, outcome: 'declared' });
  expect((await alertmanager('prom', first)).body).toEqual({ ok: true, outcome: 'duplicate' });
  // repeat_interval later (4 h by default), long after any retry of the first notification has stopped.
  await h()
    .db.updateTable('alert_deliveries')
    .set({ received_at: new Date(Date.now() - 11 * 60_000) })
    .where('source', '=', 'prom')
    .execute();
  expect((await alertmanager('prom', first)).body).toEqual({ ok: true, outcome: 'attached' });
  await h().bot.idle();
  const [incident] = await incidentsOf('prom', 'RepeatInterval');
  expect(await notes(incident.id)).toHaveLength(1);
});

describe('declare: ask', () => {
  test('posts the alert once per group; Dismiss, then Declare incident opens the form prefilled and links the group', async () => {
    const first = summarised(group('DiskFull', { severity: 'warning' }), 'Disk almost full on db-1');
    expect((await alertmanager('promask', first)).body).toEqual({ ok: true, outcome: 'prompted' });
    await h().bot.idle();
    // A repeated firing prompts nobody again.
    expect((await alertmanager('promask', again(first))).body).toEqual({ ok: true, outcome: 'ignored' });
    await h().bot.idle();
    const prompts = withButton('CINCIDENTS', ALERT_DECLARE_BUTTON).filter((m) => m.text.includes('Disk almost full'));
    expect(prompts).toHaveLength(1);
    expect(await incidentsOf('promask', 'DiskFull')).toHaveLength(0);

    await click('UBOB', 'CINCIDENTS', prompts[0].ts, ALERT_DISMISS_BUTTON);
    const dismissed = ws().findMessage('CINCIDENTS', prompts[0].ts)!;
    expect(JSON.stringify(dismissed.blocks)).toContain('Dismissed by <@UBOB>');
    expect(JSON.stringify(dismissed.blocks)).not.toContain(ALERT_DECLARE_BUTTON);

    // After a dismissal the group's next firing asks again.
    const third = { ...first, notification_reason: 'new alerts added' };
    expect((await alertmanager('promask', third)).body).toEqual({ ok: true, outcome: 'prompted' });
    await h().bot.idle();
    const [fresh] = withButton('CINCIDENTS', ALERT_DECLARE_BUTTON).filter(
      (m) => m.ts !== prompts[0].ts && m.text.includes('Disk almost full'),
    );
    const form = (await click('UALICE', 'CINCIDENTS', fresh.ts, ALERT_DECLARE_BUTTON, DECLARE_MODAL))!;
    const shown = JSON.stringify(form.view.blocks);
    expect(shown).toContain('Disk almost full on db-1');
    expect(shown).toContain('"value":"SEV3"');
    const answer = await h().emulator.submitView({ user: 'UALICE', viewId: form.id, values: {} });
    expect(JSON.stringify(answer.body)).toContain('is declared');
    await h().bot.idle();
    const [incident] = await incidentsOf('promask', 'DiskFull');
    expect(incident).toMatchObject({ severity: 'SEV3', commander_id: 'UALICE', title: 'Disk almost full on db-1' });

    // The group is now the incident's: a firing lands on its timeline, and the button says it is taken.
    const later = { ...first, notification_reason: 'unknown' };
    expect((await alertmanager('promask', later)).body).toEqual({ ok: true, outcome: 'attached' });
    expect(await notes(incident.id)).toHaveLength(1);
    const seen = ws().ephemeralsFor('UCAROL').length;
    await click('UCAROL', 'CINCIDENTS', fresh.ts, ALERT_DECLARE_BUTTON);
    expect(
      ws()
        .ephemeralsFor('UCAROL')
        .slice(seen)
        .map((e) => e.text),
    ).toEqual([expect.stringContaining('already open')]);
  });
});

test('an alert that resolves before anyone decides: its prompt says so and loses its buttons', async () => {
  const first = summarised(group('Flapping', { severity: 'warning' }), 'Login latency flapping');
  expect((await alertmanager('promask', first)).body).toEqual({ ok: true, outcome: 'prompted' });
  await h().bot.idle();
  const [prompt] = withButton('CINCIDENTS', ALERT_DECLARE_BUTTON).filter((m) => m.text.includes('Login latency'));
  expect((await alertmanager('promask', resolved(first))).body).toEqual({ ok: true, outcome: 'prompted' });
  await h().bot.idle();
  const redrawn = ws().findMessage('CINCIDENTS', prompt.ts)!;
  expect(JSON.stringify(redrawn.blocks)).toContain('resolved before anyone declared');
  expect(JSON.stringify(redrawn.blocks)).not.toContain(ALERT_DECLARE_BUTTON);
  // It fires again later: a new prompt asks again.
  expect((await alertmanager('promask', { ...first, notification_reason: 'unknown' })).body).toEqual({
    ok: true,
    outcome: 'prompted',
  });
  expect(await incidentsOf('promask', 'Flapping')).toHaveLength(0);
});

describe('one incident per group, whoever receives it', () => {
  test('two replicas receiving two notifications of a new group at once declare one incident', async () => {
    const replica = await startReplica(h(), {
      policy: { alertSources: [source('prom', 'alertmanager', 'auto')] },
      alertSecrets: SECRETS,
    });
    try {
      const first = summarised(group('Replicated'), 'Replicated outage');
      const post = (port: number, p: AmPayload) =>
        fetch(`http://127.0.0.1:${port}/hooks/alerts/prom`, {
          method: 'POST',
          headers: { authorization: `Bearer ${SECRETS.prom}`, 'content-type': 'application/json' },
          body: JSON.stringify(p),
        }).then(async (res) => [res.status, ((await res.json()) as { outcome: string }).outcome]);
      const outcomes = await Promise.all([post(h().bot.port, first), post(replica.port, again(first))]);
      expect(outcomes.map(([status]) => status)).toEqual([200, 200]);
      expect(outcomes.map(([, outcome]) => outcome).sort()).toEqual(['attached', 'declared']);
      await h().bot.idle();
      await replica.idle();
      const incidents = await incidentsOf('prom', 'Replicated');
      expect(incidents).toHaveLength(1);
      // The other one is on its timeline, unless it came while the channel was still being made (nothing may
      // point at a reservation Slack could yet refuse): then it is only counted as received.
      expect((await notes(incidents[0].id)).length).toBeLessThanOrEqual(1);
    } finally {
      await replica.stop();
    }
  });

  test('two people declaring from one alert at once: the second form is told it is declared already', async () => {
    const first = summarised(group('BothDeclare', { severity: 'critical' }), 'Payments queue stalled');
    expect((await alertmanager('promask', first)).body).toEqual({ ok: true, outcome: 'prompted' });
    await h().bot.idle();
    const [prompt] = withButton('CINCIDENTS', ALERT_DECLARE_BUTTON).filter((m) => m.text.includes('Payments queue'));
    const alices = (await click('UALICE', 'CINCIDENTS', prompt.ts, ALERT_DECLARE_BUTTON, DECLARE_MODAL))!;
    const bobs = (await click('UBOB', 'CINCIDENTS', prompt.ts, ALERT_DECLARE_BUTTON, DECLARE_MODAL))!;
    expect(
      JSON.stringify((await h().emulator.submitView({ user: 'UALICE', viewId: alices.id, values: {} })).body),
    ).toContain('is declared');
    // The form first offers to join the incident that looks the same; declaring anyway is refused for the group.
    const offered = await h().emulator.submitView({ user: 'UBOB', viewId: bobs.id, values: {} });
    expect(handedBackAsSimilar(offered.body)).toBe(true);
    const second = await h().emulator.submitView({ user: 'UBOB', viewId: bobs.id, values: {} });
    expect(JSON.stringify(second.body)).toContain('An incident is already open for this alert');
    await h().bot.idle();
    expect(await incidentsOf('promask', 'BothDeclare')).toHaveLength(1);
  });

  test('a private incident declared for an alert keeps its alerts in its own channel', async () => {
    const first = summarised(group('PrivateLeak', { severity: 'high' }), 'Customer records exposed');
    expect((await alertmanager('promask', first)).body).toEqual({ ok: true, outcome: 'prompted' });
    await h().bot.idle();
    const [prompt] = withButton('CINCIDENTS', ALERT_DECLARE_BUTTON).filter((m) => m.text.includes('Customer records'));
    const form = (await click('UALICE', 'CINCIDENTS', prompt.ts, ALERT_DECLARE_BUTTON, DECLARE_MODAL))!;
    await h().emulator.submitView({ user: 'UALICE', viewId: form.id, values: declareValues({ private: true }) });
    await h().bot.idle();
    const [incident] = await incidentsOf('promask', 'PrivateLeak');
    expect(incident.is_private).toBe(true);

    const announced = ws().messagesIn('CINCIDENTS').length;
    expect((await alertmanager('promask', again(first))).body).toEqual({ ok: true, outcome: 'attached' });
    expect((await alertmanager('promask', resolved(first))).body).toEqual({ ok: true, outcome: 'attached' });
    await h().bot.idle();
    expect(ws().messagesIn('CINCIDENTS')).toHaveLength(announced);
    expect(
      ws()
        .messagesIn(incident.channel_id!)
        .filter((m) => m.text.includes('The alert that opened this incident has resolved')),
    ).toHaveLength(1);
    expect(await notes(incident.id)).toHaveLength(2);
  });
});

describe('Grafana and generic senders', () => {
  test("Grafana's webhook contact point declares, with the rule's link in the status card", async () => {
    // Written from Grafana's documented fields (../shared/integration-specs/grafana-webhook/REFERENCE.md).
    const payload = {
      receiver: 'firebreak',
      status: 'firing',
      orgId: 1,
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'Checkout latency', team: 'payments', severity: 'high' },
          annotations: { summary: 'Checkout p99 above 2s', description: 'p99 latency on checkout is 2.4s' },
          startsAt: '2026-12-07T10:00:03.157076+01:00',
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'https://grafana.example/alerting/grafana/checkout-latency/view',
          fingerprint: '1a2b3c4d5e6f7a8b',
          silenceURL: 'https://grafana.example/alerting/silence/new?matchers=alertname%3DCheckout+latency',
          dashboardURL: '',
          panelURL: '',
          values: { B: 2.4, C: 1 },
          valueString: "[ var='B' labels={} value=2.4 ]",
        },
      ],
      groupLabels: { alertname: 'Checkout latency' },
      commonLabels: { alertname: 'Checkout latency', team: 'payments', severity: 'high' },
      commonAnnotations: { summary: 'Checkout p99 above 2s' },
      externalURL: 'https://grafana.example/',
      version: '1',
      groupKey: '{}/{team="payments"}:{alertname="Checkout latency"}',
      truncatedAlerts: 0,
      title: '[FIRING:1] Checkout latency (payments)',
      state: 'alerting',
      message: '**Firing**\n\nLabels:\n - alertname = Checkout latency\n',
    };
    expect((await post('graf', payload, { authorization: `Bearer ${SECRETS.graf}` })).body).toEqual({
      ok: true,
      outcome: 'declared',
    });
    await h().bot.idle();
    const [incident] = await incidentsOf('graf', 'Checkout latency');
    expect(incident).toMatchObject({
      title: 'Checkout p99 above 2s',
      severity: 'SEV2',
      alert_url: 'https://grafana.example/alerting/grafana/checkout-latency/view',
    });
    await h().emulator.joinChannel({ user: 'UBOB', channel: incident.channel_id! });
    const { replies } = await run(h(), 'UBOB', incident.channel_id!, 'status');
    expect(replies.join('\n')).toContain(
      'From alert *Checkout latency* (graf) · <https://grafana.example/alerting/grafana/checkout-latency/view|alert source>',
    );
  });

  test('a generic sender signs with Standard Webhooks; a resent webhook-id is a no-op, a bad signature a 401', async () => {
    const body = JSON.stringify({
      key: 'checkout-5xx',
      status: 'firing',
      title: 'Checkout returns 5xx',
      description: 'Synthetic check failing from 3 regions',
      labels: { severity: 'critical', category: 'Deployment' },
      url: 'https://checks.example/checkout',
    });
    const signed = (id: string, text = body, at = new Date()) => signedHeaders(SECRETS.gen, id, at, text);
    expect((await post('gen', body, signed('msg_1'))).body).toEqual({ ok: true, outcome: 'declared' });
    // The sender's retry carries the same webhook-id, signed again.
    expect((await post('gen', body, signed('msg_1', body, new Date(Date.now() + 1000)))).body).toEqual({
      ok: true,
      outcome: 'duplicate',
    });
    await h().bot.idle();
    const [incident] = await incidentsOf('gen', 'Checkout returns 5xx');
    expect(incident).toMatchObject({
      severity: 'SEV1',
      category: 'Deployment',
      alert_url: 'https://checks.example/checkout',
    });

    const before = await deliveries();
    const forged = { ...signed('msg_2'), 'webhook-signature': signed('msg_2', `${body} `)['webhook-signature'] };
    expect((await post('gen', body, forged)).status).toBe(401);
    const stale = signed('msg_3', body, new Date(Date.now() - 10 * 60_000));
    expect(await post('gen', body, stale)).toEqual({
      status: 401,
      body: { error: 'webhook-timestamp is too old or too new' },
    });
    expect(await deliveries()).toBe(before);
    expect(await incidentsOf('gen', 'Checkout returns 5xx')).toHaveLength(1);
  });
});

describe('what the hook refuses', () => {
  test('a missing or wrong secret is 401 and changes nothing', async () => {
    const before = await deliveries();
    const payload = group('Unauthorised');
    expect((await post('prom', payload)).status).toBe(401);
    expect((await post('prom', payload, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await post('prom', payload, { authorization: `Bearer ${SECRETS.promask}` })).status).toBe(401);
    expect(await deliveries()).toBe(before);
    expect(await incidentsOf('prom', 'Unauthorised')).toHaveLength(0);
  });

  test('a malformed body is 400 naming the problem', async () => {
    const auth = { authorization: `Bearer ${SECRETS.prom}` };
    const bad = group('Malformed');
    bad.alerts[0].status = 'burning';
    expect(await post('prom', bad, auth)).toEqual({
      status: 400,
      body: { error: expect.stringContaining('alerts.0.status') },
    });
    const { groupKey: _, ...keyless } = group('Malformed');
    expect((await post('prom', keyless, auth)).body).toEqual({ error: expect.stringContaining('groupKey') });
    expect(await post('prom', '{"status": "firing"', auth)).toEqual({ status: 400, body: { error: 'body: not JSON' } });
    expect(await incidentsOf('prom', 'Malformed')).toHaveLength(0);
  });

  test('a body over 1 MB is 413; an unknown source is 404', async () => {
    const huge = group('Huge');
    huge.commonAnnotations = { description: 'x'.repeat(1024 * 1024) };
    expect((await post('prom', huge, { authorization: `Bearer ${SECRETS.prom}` })).status).toBe(413);
    expect((await post('nosuch', group('Nowhere'), { authorization: `Bearer ${SECRETS.prom}` })).status).toBe(404);
    expect(await incidentsOf('prom', 'Huge')).toHaveLength(0);
  });

  test('a source whose secret variable is unset stops the start, naming the variable', async () => {
    await expect(
      startReplica(h(), { policy: { alertSources: [source('prom', 'alertmanager', 'auto')] }, alertSecrets: {} }),
    ).rejects.toThrow('PROM_SECRET: not set; alertSources.prom (its secretEnv) needs the secret it holds');
  });
});
