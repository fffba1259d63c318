import { declare, declareValues, type Harness, run, startHarness } from '../../support/harness';
import { type PagingFakes, pageKeyOf, startPagingFakes } from '../../support/paging';

let h: Harness;
let fakes: PagingFakes;
beforeAll(async () => {
  fakes = await startPagingFakes();
  h = await startHarness(fakes.options);
});
afterAll(async () => {
  await h?.stop();
  await fakes?.stop();
});

const pagedEvents = (incidentId: number) =>
  h.db
    .selectFrom('incident_events')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .where('kind', '=', 'paged')
    .orderBy('id')
    .execute();
const texts = (channel: string) =>
  h.emulator.workspace
    .messagesIn(channel)
    .map((m) => m.text)
    .join('\n');

describe('paging the on-call', () => {
  test('an incident declared at SEV1 pages both on-calls by the rules, once each, and the channel and timeline say so', async () => {
    const row = await declare(h, 'UALICE', { title: 'Payments are down', severity: 'SEV1', commander: 'UALICE' });
    const key = pageKeyOf(row.number);

    const [alert] = fakes.pagerduty.openAlerts(key);
    expect(fakes.pagerduty.openAlerts(key)).toHaveLength(1);
    expect(alert).toMatchObject({ summary: 'Payments are down', severity: 'critical', triggers: 1 });
    expect(JSON.stringify(alert.customDetails)).toContain(row.channel_id);
    const [og] = fakes.opsgenie.openAlerts(key);
    expect(fakes.opsgenie.openAlerts(key)).toHaveLength(1);
    expect(og).toMatchObject({ message: 'Payments are down', priority: 'P1', count: 1 });
    expect(og.responders).toEqual([{ type: 'team', name: 'platform' }]);
    expect(fakes.opsgenie.requestsTo('create').at(-1)?.headers.authorization).toMatch(/^GenieKey /);

    const said = texts(row.channel_id);
    expect(said).toContain('Firebreak paged *payments* (PagerDuty)');
    expect(said).toContain('Firebreak paged *platform* (Opsgenie)');
    // Each service's page has its own lane: they may land in either order.
    const events = (await pagedEvents(row.id)).map((e) => [e.actor, (e.data as { service: string }).service]);
    expect(events.sort()).toEqual([
      ['UALICE', 'payments'],
      ['UALICE', 'platform'],
    ]);
  });

  test('SEV3 pages nobody; a raise to SEV2 pages by the rules, a raise to SEV1 pages only who was not paged yet', async () => {
    const row = await declare(h, 'UBOB', { title: 'Slow search', severity: 'SEV3', commander: 'UBOB' });
    const key = pageKeyOf(row.number);
    expect(fakes.pagerduty.accepted().filter((e) => e.dedup_key === key)).toHaveLength(0);
    expect(fakes.opsgenie.openAlerts(key)).toHaveLength(0);

    await run(h, 'UBOB', row.channel_id, 'severity SEV2');
    expect(fakes.pagerduty.openAlerts(key)).toMatchObject([{ severity: 'error', triggers: 1 }]);
    expect(fakes.opsgenie.openAlerts(key)).toHaveLength(0);

    await run(h, 'UBOB', row.channel_id, 'severity SEV1');
    expect(fakes.opsgenie.openAlerts(key)).toMatchObject([{ priority: 'P1' }]);
    // payments was paged at SEV2 already: no second trigger.
    expect(fakes.pagerduty.accepted('trigger').filter((e) => e.dedup_key === key)).toHaveLength(1);
    expect((await pagedEvents(row.id)).map((e) => (e.data as { service: string }).service)).toEqual([
      'payments',
      'platform',
    ]);

    // Lowering pages nobody.
    await run(h, 'UBOB', row.channel_id, 'severity SEV2');
    expect(fakes.pagerduty.accepted('trigger').filter((e) => e.dedup_key === key)).toHaveLength(1);
  });

  test("a private incident's page carries only its number and severity, and nothing is announced", async () => {
    const row = await declare(h, 'UCAROL', {
      title: 'Leaked credentials',
      summary: 'Key AKIA-SECRET found in a public gist',
      severity: 'SEV1',
      private: true,
      commander: 'UCAROL',
    });
    const key = pageKeyOf(row.number);
    const [alert] = fakes.pagerduty.openAlerts(key);
    expect(alert.summary).toBe(`Private incident INC-${row.number} (SEV1): details in Slack`);
    const sent = [...fakes.pagerduty.received, ...fakes.opsgenie.received].map((r) => r.rawBody).join('\n');
    expect(sent).not.toContain('AKIA-SECRET');
    expect(sent).not.toContain('Leaked credentials');
    const announcements = h.emulator.workspace.channelByName('incidents');
    const announced = announcements ? texts(announcements.id) : '';
    expect(announced).not.toContain('Leaked credentials');
    expect(texts(row.channel_id)).toContain('Firebreak paged *payments* (PagerDuty)');
  });

  test('a drill never pages', async () => {
    const before = fakes.pagerduty.received.length + fakes.opsgenie.received.length;
    const ws = h.emulator.workspace;
    const seen = new Set(ws.openViews('UDAVE').map((v) => v.id));
    expect((await h.emulator.command({ user: 'UDAVE', channel: 'CGENERAL', text: 'drill Failover' })).status).toBe(200);
    const view = await h.emulator.waitFor(() => ws.openViews('UDAVE').find((v) => !seen.has(v.id)));
    await h.emulator.submitView({ user: 'UDAVE', viewId: view.id, values: declareValues({ severity: 'SEV1' }) });
    await h.bot.idle();
    const drill = await h.db
      .selectFrom('incidents')
      .selectAll()
      .where('declare_key', '=', view.id)
      .executeTakeFirstOrThrow();
    expect(drill).toMatchObject({ is_drill: true, severity: 'SEV1' });
    expect(fakes.pagerduty.received.length + fakes.opsgenie.received.length).toBe(before);
  });

  test('/incident page lists the services; an unknown one is named back with the configured ones', async () => {
    const row = await declare(h, 'UDAVE', { title: 'Queue backlog', severity: 'SEV4', commander: 'UDAVE' });
    const listed = await run(h, 'UDAVE', row.channel_id, 'page');
    expect(listed.replies.join()).toContain('`payments`: PagerDuty, paged automatically at SEV1, SEV2');
    expect(listed.replies.join()).toContain('`platform`: Opsgenie, paged automatically at SEV1');

    const unknown = await run(h, 'UDAVE', row.channel_id, 'page dba');
    expect(unknown.replies.join()).toContain(
      'There is no paging service `dba`. Configured: `payments`, `platform`, `broken`',
    );
    expect(fakes.opsgenie.openAlerts(pageKeyOf(row.number))).toHaveLength(0);
  });

  test('/incident page <service> [message] pages by hand; the channel hears who paged and when, the timeline keeps it', async () => {
    const row = await declare(h, 'UALICE', { title: 'Disk filling', severity: 'SEV3', commander: 'UALICE' });
    const key = pageKeyOf(row.number);
    const paged = await run(h, 'UALICE', row.channel_id, 'page platform DB disk at 95%, need a DBA');
    expect(paged.replies.join()).toContain('Paging *platform* (Opsgenie)');

    const [alert] = fakes.opsgenie.openAlerts(key);
    expect(alert).toMatchObject({ priority: 'P3', count: 1 });
    expect(alert.description).toContain('DB disk at 95%, need a DBA');
    const said = texts(row.channel_id);
    expect(said).toContain('<@UALICE> paged *platform* (Opsgenie) at <!date^');
    expect(said).toContain('DB disk at 95%, need a DBA');
    expect(await pagedEvents(row.id)).toMatchObject([
      { actor: 'UALICE', data: { service: 'platform', automatic: false, message: 'DB disk at 95%, need a DBA' } },
    ]);
    const timeline = await run(h, 'UALICE', row.channel_id, 'timeline');
    expect(timeline.replies.join()).toContain('Paged platform (Opsgenie): DB disk at 95%, need a DBA');
  });

  test('resolving sends PagerDuty a resolve and closes the Opsgenie alert by alias, with the same key', async () => {
    const row = await declare(h, 'UBOB', { title: 'Checkout 500s', severity: 'SEV1', commander: 'UBOB' });
    const key = pageKeyOf(row.number);
    expect(fakes.pagerduty.openAlerts(key)).toHaveLength(1);
    for (const step of ['status investigating', 'resolve Rolled back']) await run(h, 'UBOB', row.channel_id, step);

    expect(fakes.pagerduty.openAlerts(key)).toHaveLength(0);
    expect(fakes.pagerduty.accepted('resolve').filter((e) => e.dedup_key === key)).toHaveLength(1);
    expect(fakes.opsgenie.openAlerts(key)).toHaveLength(0);
    const close = fakes.opsgenie.requestsTo('close').at(-1);
    expect(close?.path).toBe(`/v2/alerts/${key}/close`);
    expect(close?.query.get('identifierType')).toBe('alias');
    // A service never paged for it gets no resolve.
    expect(
      fakes.pagerduty.received.filter((r) => (r.body as { routing_key?: string }).routing_key?.startsWith('not-')),
    ).toHaveLength(0);
  });

  test('a refused page (a bad routing key) is told in the channel once, plainly, and not retried', async () => {
    const row = await declare(h, 'UCAROL', { title: 'Cache misses', severity: 'SEV3', commander: 'UCAROL' });
    const before = fakes.pagerduty.requestsTo('enqueue').length;
    await run(h, 'UCAROL', row.channel_id, 'page broken');
    const sent = fakes.pagerduty.requestsTo('enqueue').slice(before);
    expect(sent.map((r) => r.status)).toEqual([400]);
    const refusals = h.emulator.workspace
      .messagesIn(row.channel_id)
      .filter((m) => m.text.includes('PagerDuty refused the page to *broken*'));
    expect(refusals).toHaveLength(1);
    expect(refusals[0].text).toContain('is incorrect (should be 32 characters) (HTTP 400)');
    expect(await pagedEvents(row.id)).toHaveLength(0);
    // Nothing is left owed for it: the outbox is drained and no second call comes.
    await h.bot.idle();
    expect(fakes.pagerduty.requestsTo('enqueue').slice(before)).toHaveLength(1);
    const owed = await h.db.selectFrom('outbox').select('id').where('status', '=', 'pending').execute();
    expect(owed).toHaveLength(0);
  });

  test('/metrics counts pages by service and outcome', async () => {
    const text = await (await fetch(`http://127.0.0.1:${h.bot.adminPort}/metrics`)).text();
    expect(text).toMatch(/pages_total\{service="payments",outcome="sent"\} [1-9]/);
    expect(text).toMatch(/pages_total\{service="broken",outcome="refused"\} 1/);
    expect(text).toMatch(/pages_total\{service="payments",outcome="already_paged"\} [1-9]/);
  });
});
