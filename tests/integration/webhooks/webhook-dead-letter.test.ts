// A receiver down for a day: its deliveries back off for about 24 hours, then are dead-lettered and counted in
// /metrics under the endpoint's name, while another endpoint and the incident's Slack messages never wait for it.
import type { WebhookReceiver } from '@firebreak/service-fakes';
import { createLogger } from '../../../src/kernel/log';
import { MAX_STEP_ATTEMPTS } from '../../../src/kernel/outbox/outbox';
import { declare, type Harness, run, startHarness, TestClock } from '../../support/harness';
import { endpointOf, processedFor, receiverFor, schemaErrors } from '../../support/webhooks';

// Retries fall due only when the test moves this clock, so a day of backoff runs in seconds.
const clock = new TestClock();
const lines: Record<string, unknown>[] = [];
let h: Harness;
let down: WebhookReceiver;
let up: WebhookReceiver;

beforeAll(async () => {
  down = await receiverFor('FB_TEST_WEBHOOK_DOWN');
  up = await receiverFor('FB_TEST_WEBHOOK_UP');
  h = await startHarness({
    clock,
    log: createLogger('error', (line) => lines.push(JSON.parse(line))),
    policy: {
      webhooks: [endpointOf('down', down, 'FB_TEST_WEBHOOK_DOWN'), endpointOf('up', up, 'FB_TEST_WEBHOOK_UP')],
    },
  });
});
afterAll(async () => {
  await h?.stop();
  await Promise.all([down, up].map((r) => r?.stop()));
});

async function gauge(service: string, state: string): Promise<number | undefined> {
  const prefix = `outbox_service_notices{service="${service}",state="${state}"} `;
  const line = (await h.bot.metrics.render()).split('\n').find((l) => l.startsWith(prefix));
  return line === undefined ? undefined : Number(line.slice(prefix.length));
}

test('a delivery failing for about a day is dead-lettered, counted per endpoint, and held up only its own lane', async () => {
  expect(await gauge('webhook:down', 'dead')).toBe(0);
  down.failNext('deliver', { status: 503 }, MAX_STEP_ATTEMPTS);
  const row = await declare(h, 'UALICE', { title: 'Receiver down', severity: 'SEV3', commander: 'UALICE' });
  await run(h, 'UALICE', row.channel_id, 'severity 2');
  // The other endpoint and Slack had everything at once.
  expect(processedFor(up, row.id).map((p) => p.type)).toEqual(['incident.declared', 'incident.severity_changed']);
  expect(h.emulator.workspace.messagesIn(row.channel_id).filter((m) => m.text.includes('to *SEV2*'))).toHaveLength(1);
  expect(await gauge('webhook:down', 'pending')).toBe(2);

  const head = () =>
    h.db
      .selectFrom('outbox')
      .select(['id', 'status', 'due_at', 'attempts', 'claim_token'])
      .where('lane', '=', `webhook:down:incident:${row.id}`)
      .orderBy('id')
      .executeTakeFirstOrThrow();
  const started = clock.now().getTime();
  for (let r = await head(); r.status === 'pending'; ) {
    clock.advance(Math.max(0, r.due_at.getTime() - clock.now().getTime()));
    h.bot.outbox.wake();
    const before = r.attempts;
    r = await h.emulator.waitFor(async () => {
      const now = await head();
      return (now.status !== 'pending' || (now.attempts > before && now.claim_token === null)) && now;
    }, 10_000);
  }
  const hours = (clock.now().getTime() - started) / 3_600_000;
  expect(hours).toBeGreaterThan(23);
  expect(hours).toBeLessThan(25);
  expect(down.requestsTo('deliver').filter((r) => r.fault)).toHaveLength(MAX_STEP_ATTEMPTS);

  // The receiver is back: the change queued behind the dead one goes out, the dead one never does.
  await h.emulator.waitFor(() => processedFor(down, row.id).length > 0, 10_000);
  await h.bot.idle();
  expect(processedFor(down, row.id).map((p) => p.type)).toEqual(['incident.severity_changed']);
  expect(await gauge('webhook:down', 'dead')).toBe(1);
  expect(await gauge('webhook:down', 'pending')).toBe(0);
  expect(await gauge('webhook:up', 'dead')).toBe(0);
  expect(lines.filter((l) => String(l.msg).includes('dead-lettered'))).toEqual([
    expect.objectContaining({ msg: 'webhook:down kept failing a step; notice dead-lettered', step: 'webhook down' }),
  ]);
});

test('every payload sent in this file matches docs/webhooks.schema.json', () => {
  expect(schemaErrors([down, up])).toEqual([]);
});
