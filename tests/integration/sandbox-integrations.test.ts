import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AlertmanagerSender } from '@firebreak/sandbox/alertmanager';
import type { IntegrationsView } from '@firebreak/sandbox/integrations';
import Ajv2020 from 'ajv/dist/2020';
import type { Running } from '../../src/cli/run';
import { ALERT_DECLARE_BUTTON } from '../../src/features/alerts/alerts.ids';
import { UPDATE_FIELDS as U, UPDATE_MODAL } from '../../src/features/updates/updates.ids';
import { HEADER_RESOLVE_BUTTON } from '../../src/kernel/slack/ids';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { declareValues } from '../support/harness';
import { startSandbox } from '../support/sandbox';

// The sandbox's Integrations panel over plain HTTP: a first try runs the fakes of the services around Slack,
// the Fire alert form posts a real Alertmanager payload to the bot, and the panel lists what the fakes received.

let database: TestDatabase;
let running: Running;
let base: string;

beforeAll(async () => {
  database = await createTestDatabase();
  // A real service's URL in the environment: the sandbox's own policy still pages its fake.
  running = await startSandbox(database.url, { PAGERDUTY_EVENTS_URL: 'https://events.pagerduty.com' });
  base = running.emulator!.url;
}, 60_000);

afterAll(async () => {
  await running?.stop();
  await database?.drop();
});

type Answer = { ok: boolean; error?: string; problem?: string; bot?: { status: number; body: unknown } };
const answer = async (path: string, body: unknown) =>
  (await (
    await fetch(`${base}/sandbox/api/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  ).json()) as Answer;
/** Alice clicks the button `actionId` of `message` from the page, and gets the form it opens. */
async function clickForForm(channel: string, message: { ts: string; blocks?: unknown }, actionId: string) {
  const before = new Set(
    ws()
      .openViews('UALICE')
      .map((v) => v.id),
  );
  const value = buttonValue(message.blocks, actionId);
  const clicked = await answer('button', {
    user: 'UALICE',
    channel,
    messageTs: message.ts,
    actionId,
    ...(value ? { value } : {}),
  });
  expect(clicked).toMatchObject({ ok: true });
  return running.emulator!.waitFor(() =>
    ws()
      .openViews('UALICE')
      .find((v) => !before.has(v.id)),
  );
}
const integrations = async () =>
  (await (await fetch(`${base}/sandbox/api/integrations`)).json()) as IntegrationsView & { enabled: boolean };
const ws = () => running.emulator!.workspace;
/** The value of the button `actionId` in `blocks`, as Slack's client sends it back with the click. */
const buttonValue = (blocks: unknown, actionId: string) =>
  JSON.stringify(blocks).match(new RegExp(`"action_id":"${actionId}"[^}]*?"value":"([^"]*)"`))?.[1];

test('the Fire alert form sends what Alertmanager sends: the payload validates against its schema', () => {
  const dir = join(__dirname, '../fixtures/alertmanager');
  const valid = new Ajv2020({ strict: false }).compile(
    JSON.parse(readFileSync(join(dir, 'webhook-payload.schema.json'), 'utf8')),
  );
  const sender = new AlertmanagerSender('http://127.0.0.1:1');
  const firing = sender.payload(
    { alertname: 'DiskFull', severity: 'warning', summary: 'Disk full', status: 'firing' },
    new Date('2026-08-01T09:12:33.420Z'),
  );
  const resolved = sender.payload(
    { alertname: 'DiskFull', severity: 'warning', summary: 'Disk full', status: 'resolved' },
    new Date('2026-08-01T09:20:00Z'),
  );
  expect(valid(firing)).toBe(true);
  expect(valid(resolved)).toBe(true);
  expect(firing).toMatchObject({ groupKey: '{}:{alertname="DiskFull"}', notification_reason: 'first notification' });
  // A resolution carries the start of the firing it ends, and its own end (Go's time, trailing zeros trimmed).
  expect(resolved.alerts).toEqual([
    expect.objectContaining({ startsAt: '2026-08-01T09:12:33.42Z', endsAt: '2026-08-01T09:20:00Z' }),
  ]);
});

test('a refused alert changes nothing and the page says why', async () => {
  expect(await answer('alert', { alertname: 'X', severity: 'catastrophic', summary: 'x' })).toMatchObject({
    ok: false,
    error: "'severity' must be one of critical, high, warning, info",
  });
  expect(await answer('alert', { alertname: '', severity: 'critical', summary: 'x' })).toMatchObject({ ok: false });
});

test('an alert fired from the page asks in #incidents; declared at SEV1 it pages the fake on-call and sends signed webhooks; resolved, it resolves the page', async () => {
  expect(await integrations()).toEqual({
    enabled: true,
    pages: [],
    webhooks: [],
    tickets: [],
    wikiPages: [],
    statusPage: {
      components: [
        { name: 'Website', status: 'operational' },
        { name: 'Payments', status: 'operational' },
      ],
      incidents: [],
    },
  });
  const fired = await answer('alert', {
    alertname: 'CheckoutErrors',
    severity: 'critical',
    summary: 'Checkout is failing for 30% of requests',
    status: 'firing',
  });
  expect(fired).toMatchObject({ ok: true, bot: { status: 200, body: { ok: true, outcome: 'prompted' } } });
  expect(fired.problem).toBeUndefined();

  const prompt = await running.emulator!.waitFor(() =>
    ws()
      .messagesIn('CINCIDENTS')
      .find((m) => m.text.includes('Checkout is failing') && JSON.stringify(m.blocks).includes(ALERT_DECLARE_BUTTON)),
  );
  const form = await clickForForm('CINCIDENTS', prompt, ALERT_DECLARE_BUTTON);
  // critical maps to SEV1: the form comes prefilled, so submitting it as it is declares at SEV1.
  expect(JSON.stringify(form.view.blocks)).toContain('"value":"SEV1"');
  expect(await answer('view/submit', { user: 'UALICE', viewId: form.id, values: {} })).toMatchObject({ ok: true });
  // The form stays open to say where the incident's channel is; Alice closes it, as the page's × would.
  expect(await answer('view/close', { user: 'UALICE', viewId: form.id })).toMatchObject({ ok: true });
  await running.bot.idle();

  const { pages } = await running.emulator!.waitFor(async () => {
    const view = await integrations();
    return view.pages.length ? view : undefined;
  });
  expect(pages).toEqual([
    expect.objectContaining({
      service: 'pagerduty',
      dedupKey: expect.stringMatching(/^firebreak-.+-INC-\d+$/),
      summary: expect.stringContaining('Checkout is failing'),
      severity: 'critical',
      status: 'open',
      at: expect.any(Number),
    }),
  ]);

  // Every change went out as a webhook too, each signed with the receiver's secret.
  const { webhooks } = await running.emulator!.waitFor(async () => {
    const view = await integrations();
    return view.webhooks.some((w) => w.type === 'incident.declared') ? view : undefined;
  });
  expect(webhooks.length).toBeGreaterThan(0);
  for (const w of webhooks)
    expect(w).toMatchObject({ valid: true, reason: null, status: 204, incident: expect.stringMatching(/^INC-\d+$/) });
  expect(webhooks.find((w) => w.type === 'incident.declared')).toMatchObject({
    id: expect.stringMatching(/.+/),
    repeat: false,
  });

  // The same alert, resolved from the form: the commander is offered to resolve, and resolving resolves the page.
  expect(
    await answer('alert', {
      alertname: 'CheckoutErrors',
      severity: 'critical',
      summary: 'Checkout is failing for 30% of requests',
      status: 'resolved',
    }),
  ).toMatchObject({ ok: true, bot: { status: 200, body: { ok: true, outcome: 'attached' } } });
  const [channel, offer] = await running.emulator!.waitFor(() =>
    [...ws().channels.keys()]
      .map(
        (id) =>
          [
            id,
            ws()
              .messagesIn(id)
              .find((m) => m.text.includes('has resolved')),
          ] as const,
      )
      .find(([, m]) => m && JSON.stringify(m.blocks).includes(HEADER_RESOLVE_BUTTON)),
  );
  // Resolving goes through investigating, as in any incident.
  const moved = await answer('command', { user: 'UALICE', channel, text: '/incident status investigating' });
  expect(moved).toMatchObject({ ok: true });
  expect(moved.problem).toBeUndefined();
  await running.bot.idle();
  const resolveForm = await clickForForm(channel, offer!, HEADER_RESOLVE_BUTTON);
  expect(await answer('view/submit', { user: 'UALICE', viewId: resolveForm.id, values: {} })).toMatchObject({
    ok: true,
    open: false,
  });
  await running.bot.idle();
  const after = await running.emulator!.waitFor(async () => {
    const view = await integrations();
    return view.pages[0]?.status === 'resolved' && view.webhooks.some((w) => w.type === 'incident.resolved')
      ? view
      : undefined;
  });
  expect(after.pages).toHaveLength(1);
});

test("a follow-up becomes a ticket in the fake Jira; Close in Jira sends Jira's signed webhook and the follow-up is done", async () => {
  // The incident the alert opened (the test before this one).
  const channel = [...ws().channels.values()].find((c) => /^inc-\d+-/.test(c.name))!.id;
  expect(
    await answer('command', { user: 'UALICE', channel, text: '/incident followup Add a canary stage <@UALICE>' }),
  ).toMatchObject({ ok: true });
  await running.bot.idle();
  const { tickets } = await running.emulator!.waitFor(async () => {
    const view = await integrations();
    return view.tickets.length ? view : undefined;
  });
  expect(tickets).toEqual([
    expect.objectContaining({
      key: 'FB-1',
      summary: 'Add a canary stage',
      status: 'To Do',
      done: false,
      assignee: 'Alice Archer',
      labels: expect.arrayContaining(['firebreak', 'sandbox']),
    }),
  ]);
  expect(
    ws()
      .messagesIn(channel)
      .some((m) => m.text.includes('is tracked in Jira as <')),
  ).toBe(true);

  expect(await answer('close-ticket', { key: 'FB-1' })).toMatchObject({ ok: true, bot: { status: 200 } });
  await running.bot.idle();
  expect((await integrations()).tickets[0]).toMatchObject({ status: 'Done', done: true });
  expect(
    ws()
      .messagesIn(channel)
      .some((m) => m.text.includes('Follow-up done: Add a canary stage.')),
  ).toBe(true);
  expect(await answer('close-ticket', { key: 'FB-1' })).toMatchObject({ ok: false, error: 'FB-1 is closed already' });
});

test('a published review is a page in the fake wiki, drawn from its storage format; publishing again is version 2', async () => {
  // The incident the test above resolved.
  const channel = [...ws().channels.keys()].find((id) =>
    ws()
      .messagesIn(id)
      .some((m) => m.text.includes('has resolved')),
  )!;
  const publish = async (lessons: string) => {
    const before = new Set(
      ws()
        .openViews('UALICE')
        .map((v) => v.id),
    );
    expect(await answer('command', { user: 'UALICE', channel, text: '/incident review' })).toMatchObject({ ok: true });
    const form = await running.emulator!.waitFor(() =>
      ws()
        .openViews('UALICE')
        .find((v) => !before.has(v.id) && v.view.callback_id === 'firebreak_review'),
    );
    const values = {
      summary: 'Checkout failed',
      customerImpact: '30% of requests',
      rootCause: 'A bad deploy',
      lessons,
    };
    expect(await answer('view/submit', { user: 'UALICE', viewId: form.id, values })).toMatchObject({ ok: true });
  };
  await publish('Canary <every> deploy');
  const first = await running.emulator!.waitFor(async () => {
    const view = await integrations();
    return view.wikiPages.length ? view.wikiPages : undefined;
  });
  expect(first).toEqual([
    {
      id: expect.stringMatching(/^\d+$/),
      title: expect.stringMatching(/^INC-\d+ review: .*Checkout is failing/),
      version: 1,
      body: expect.stringContaining('<h2>Lessons</h2><p>Canary &lt;every&gt; deploy</p>'),
      at: expect.any(Number),
    },
  ]);
  await publish('Canary every deploy, always');
  const second = await running.emulator!.waitFor(async () => {
    const view = await integrations();
    return view.wikiPages[0]?.version === 2 ? view.wikiPages : undefined;
  });
  expect(second).toHaveLength(1);
  expect(second[0].body).toContain('always');
  const page = await (await fetch(`${base}/sandbox/integrations.js`)).text();
  expect(page).toContain('wiki-list');
});

test('a public post from the update form shows on the panel’s status page, as customers read it', async () => {
  const before = new Set(
    ws()
      .openViews('UALICE')
      .map((v) => v.id),
  );
  expect(
    await answer('command', { user: 'UALICE', channel: 'CGENERAL', text: '/incident declare Website is slow' }),
  ).toMatchObject({
    ok: true,
  });
  const declareForm = await running.emulator!.waitFor(() =>
    ws()
      .openViews('UALICE')
      .find((v) => !before.has(v.id)),
  );
  const values = declareValues({ severity: 'SEV3', category: 'Performance', commander: 'UALICE' });
  expect(await answer('view/submit', { user: 'UALICE', viewId: declareForm.id, values })).toMatchObject({ ok: true });
  await running.bot.idle();
  const incident = await database.db
    .selectFrom('incidents')
    .selectAll()
    .where('declare_key', '=', declareForm.id)
    .executeTakeFirstOrThrow();
  const seen = new Set(
    ws()
      .openViews('UALICE')
      .map((v) => v.id),
  );
  await answer('command', { user: 'UALICE', channel: incident.channel_id, text: '/incident update' });
  const form = await running.emulator!.waitFor(() =>
    ws()
      .openViews('UALICE')
      .find((v) => !seen.has(v.id) && v.view.callback_id === UPDATE_MODAL),
  );
  const submitted = await answer('view/submit', {
    user: 'UALICE',
    viewId: form.id,
    values: {
      [U.text.action]: 'Cache node 3 is thrashing',
      [U.publish.action]: ['publish'],
      [U.publicMessage.action]: 'Pages are loading slowly. We are looking into it.',
      [U.publicStatus.action]: 'investigating',
      [U.componentStatus.action]: 'degraded_performance',
    },
  });
  expect(submitted).toMatchObject({ ok: true });
  const { statusPage } = await running.emulator!.waitFor(async () => {
    const view = await integrations();
    return view.statusPage.incidents.length ? view : undefined;
  });
  expect(statusPage.components).toEqual([
    { name: 'Website', status: 'degraded_performance' },
    { name: 'Payments', status: 'operational' },
  ]);
  expect(statusPage.incidents).toEqual([
    {
      name: `Service disruption (INC-${incident.number})`,
      status: 'investigating',
      shortlink: expect.stringMatching(/^https:\/\/stspg\.io\//),
      updates: [
        { status: 'investigating', body: 'Pages are loading slowly. We are looking into it.', at: expect.any(String) },
      ],
    },
  ]);
});

test('a delivery signed with another secret is listed as invalid, with the receiver’s reason', async () => {
  const endpoint = running.integrations!.webhooks.endpoint;
  await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': 'msg_forged',
      'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
      'webhook-signature': `v1,${Buffer.from('not the signature').toString('base64')}`,
    },
    body: JSON.stringify({ type: 'incident.declared', data: {} }),
  });
  const [newest] = (await integrations()).webhooks;
  expect(newest).toMatchObject({ id: 'msg_forged', valid: false, reason: 'no signature matches', status: 401 });
});

test('the panel is pushed: a request the fake answers is a server-sent event', async () => {
  const controller = new AbortController();
  const res = await fetch(`${base}/sandbox/api/events`, { signal: controller.signal });
  const reader = res.body!.getReader();
  await reader.read(); // the greeting
  const next = reader.read();
  // Even one it refuses: the panel redraws from what the fake holds.
  await fetch(`${running.integrations!.pagerDuty.url}/v2/enqueue`, { method: 'POST', body: '{}' });
  const { value } = await next;
  expect(new TextDecoder().decode(value)).toMatch(/^data: \d+/);
  controller.abort();
});
