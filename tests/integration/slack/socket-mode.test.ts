import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type AlertSource, DEFAULT_ALERT_SEVERITIES } from '../../../src/domain/alerts';
import { DEFAULT_POLICY } from '../../../src/domain/policy';
import { createLogger } from '../../../src/kernel/log';
import { type Firebreak, start } from '../../../src/main';
import { databaseOutage } from '../../support/database';
import { BOT_TOKEN, declare, type Harness, SIGNING_SECRET, startHarness } from '../../support/harness';
import { FakeSocketMode } from '../../support/socket-mode-server';

const APP_TOKEN = 'xapp-1-A0FIREBREAK-test';
const ALERT_SECRET = 'socket-alerts-secret';
const ALERT_SOURCE: AlertSource = {
  name: 'prom',
  kind: 'alertmanager',
  secretEnv: 'PROM_SECRET',
  severityLabel: 'severity',
  severities: DEFAULT_ALERT_SEVERITIES,
  categoryLabel: null,
  declare: 'never',
};

let h: Harness;
let slack: FakeSocketMode;
let bot: Firebreak;
const lines: string[] = [];

beforeAll(async () => {
  // The HTTP bot of the harness declares; a second replica on the same database listens over Socket Mode.
  h = await startHarness();
  slack = new FakeSocketMode();
  await slack.start(h.emulator, APP_TOKEN);
  bot = await start({
    databaseUrl: h.database.url,
    slack: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: h.emulator.apiUrl, appToken: APP_TOKEN },
    port: 0,
    policy: { ...DEFAULT_POLICY, alertSources: [ALERT_SOURCE] },
    alertSecrets: { prom: ALERT_SECRET },
    log: createLogger('warn', (line) => lines.push(line)),
    scheduler: false,
  });
  await slack.connected();
});
afterAll(async () => {
  await bot?.stop();
  await slack?.stop();
  await h?.stop();
});

/** A pin in `channel`, as the Events API wraps it. */
function pinEvent(channel: string, n: number) {
  const ts = `${Math.floor(Date.now() / 1000)}.${String(n).padStart(6, '0')}`;
  return {
    ts,
    body: {
      type: 'event_callback',
      team_id: 'T0001',
      api_app_id: 'A0FIREBREAK',
      event_id: `Ev-SOCKET-${n}`,
      event_time: Math.floor(Date.now() / 1000),
      event: {
        type: 'pin_added',
        user: 'UALICE',
        channel_id: channel,
        item: { type: 'message', channel, message: { ts, user: 'UALICE', text: `pinned ${n}` } },
        event_ts: ts,
      },
    },
  };
}

const keyEntry = (ts: string) =>
  h.db.selectFrom('timeline_entries').select(['text', 'key']).where('slack_ts', '=', ts).executeTakeFirst();

test('/healthz is served on PORT in Socket Mode, /metrics on the admin port', async () => {
  expect(bot.port).toBeGreaterThan(0);
  expect((await fetch(`http://127.0.0.1:${bot.port}/healthz`)).status).toBe(200);
  expect((await fetch(`http://127.0.0.1:${bot.adminPort}/metrics`)).status).toBe(200);
});

test('alert hooks are served on PORT in Socket Mode too, with their secret checked', async () => {
  const body = readFileSync(path.join(__dirname, '../../fixtures/alertmanager/example-v0.34-firing.json'), 'utf8');
  const hook = (name: string, secret: string) =>
    fetch(`http://127.0.0.1:${bot.port}/hooks/alerts/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body,
    });
  expect((await hook('prom', 'wrong')).status).toBe(401);
  expect((await hook('other', ALERT_SECRET)).status).toBe(404);
  const ok = await hook('prom', ALERT_SECRET);
  // declare: never, and no incident is open for the group: recorded, nothing else.
  expect([ok.status, await ok.json()]).toEqual([200, { ok: true, outcome: 'ignored' }]);
});

test('an event is acknowledged only after its commit: the row is there when the ack arrives', async () => {
  const row = await declare(h, 'UALICE', { title: 'Socket pins', commander: 'UALICE' });
  const pin = pinEvent(row.channel_id, 1);
  const ack = await slack.ackOf(slack.sendEvent(pin.body));
  expect(ack.payload ?? {}).toEqual({});
  expect(await keyEntry(pin.ts)).toEqual({ text: 'pinned 1', key: true });
});

test('an event whose store fails is not acknowledged, so Slack redelivers it; the redelivery is stored', async () => {
  const row = await declare(h, 'UALICE', { title: 'Socket outage', commander: 'UALICE' });
  const lost = pinEvent(row.channel_id, 2);
  await databaseOutage(h.database.url, true);
  let failedId: string;
  try {
    failedId = slack.sendEvent(lost.body);
    // The listener has run and failed once the failure is logged.
    await h.emulator.waitFor(() => lines.some((l) => l.includes('Slack request failed') && l.includes('Ev-SOCKET-2')));
  } finally {
    await databaseOutage(h.database.url, false);
  }
  // Acks come back over one ordered socket: once a later envelope's ack is in, an earlier ack would be too.
  const later = pinEvent(row.channel_id, 3);
  await slack.ackOf(slack.sendEvent(later.body));
  expect(slack.acked(failedId)).toBe(false);
  expect(await keyEntry(lost.ts)).toBeUndefined();

  // Slack delivers the unacknowledged envelope again.
  await slack.ackOf(slack.sendEvent(lost.body, 1));
  expect(await keyEntry(lost.ts)).toEqual({ text: 'pinned 2', key: true });
  expect(await keyEntry(later.ts)).toEqual({ text: 'pinned 3', key: true });
});
