// A receiver that is slow, throttles, fails or loses its answers still processes each change exactly once:
// retries keep the webhook-id, and two replicas delivering from one outbox never send a change twice.
import type { WebhookReceiver } from '@firebreak/service-fakes';
import type { Firebreak } from '../../../src/main';
import { declare, type Harness, HUNG_CALL_TIMEOUT_MS, run, startHarness, startReplica } from '../../support/harness';
import {
  deliveriesFor,
  endpointOf,
  processedFor,
  receiverFor,
  type SentPayload,
  schemaErrors,
} from '../../support/webhooks';

let h: Harness;
let receiver: WebhookReceiver;
let replica: Firebreak | undefined;
const policy = () => ({ webhooks: [endpointOf('ops', receiver, 'FB_TEST_WEBHOOK_OPS')] });

beforeAll(async () => {
  receiver = await receiverFor('FB_TEST_WEBHOOK_OPS');
  h = await startHarness({ policy: policy(), notifyTimeoutMs: HUNG_CALL_TIMEOUT_MS, idleTimeoutMs: 30_000 });
});
afterAll(async () => {
  await replica?.stop();
  await h?.stop();
  await receiver?.stop();
});

test.each([
  ['429 with Retry-After', { status: 429, retryAfter: 0 }],
  ['500', { status: 500 }],
  ['a hang past the timeout', { hangMs: 10_000 }],
  ['an answer lost after the receiver processed it', { status: 502, afterHandling: true }],
])('under %s the change is retried with the same webhook-id and processed exactly once', async (_, fault) => {
  const row = await declare(h, 'UALICE', {
    title: `Faulty receiver ${receiver.deliveries.length}`,
    commander: 'UALICE',
  });
  receiver.failNext('deliver', fault);
  await run(h, 'UALICE', row.channel_id, 'severity 2');
  await run(h, 'UALICE', row.channel_id, 'status investigating');
  // bot.idle() does not wait out a retry's backoff: the receiver's side says when it is all there.
  await h.emulator.waitFor(() => processedFor(receiver, row.id).length >= 3, 20_000);
  await h.bot.idle();

  expect(processedFor(receiver, row.id).map((p) => p.type)).toEqual([
    'incident.declared',
    'incident.severity_changed',
    'incident.status_changed',
  ]);
  const severity = receiver
    .requestsTo('deliver')
    .filter(
      (r) =>
        (r.body as { type?: string }).type === 'incident.severity_changed' &&
        (r.body as { data: { incident: { id: number } } }).data.incident.id === Number(row.id),
    );
  // The failed attempt and its retry: one id, each attempt signed afresh.
  expect(severity).toHaveLength(2);
  expect(severity[0].fault).toBeDefined();
  expect(severity[0].headers['webhook-id']).toBe(severity[1].headers['webhook-id']);
  expect(severity[1].rawBody).toBe(severity[0].rawBody);
  // A lost answer reached the receiver twice; its second copy was recognised by the id and not processed again.
  const seen = deliveriesFor(receiver, row.id).filter((d) => d.type === 'incident.severity_changed');
  expect(seen.filter((d) => d.first)).toHaveLength(1);
  expect(seen.every((d) => d.valid)).toBe(true);
});

test('an incident made private while its change waits for a retry is not sent when the retry comes', async () => {
  const row = await declare(h, 'UALICE', { title: 'Turns out sensitive', commander: 'UALICE' });
  receiver.failNext('deliver', { status: 500 });
  await run(h, 'UALICE', row.channel_id, 'severity 2');
  // The failed attempt is in; its retry waits out the backoff. Meanwhile the incident becomes private.
  await h.db.updateTable('incidents').set({ is_private: true }).where('id', '=', row.id).execute();
  const lane = `webhook:ops:incident:${row.id}`;
  await h.emulator.waitFor(
    async () =>
      (await h.db.selectFrom('outbox').select('id').where('lane', '=', lane).where('status', '=', 'pending').execute())
        .length === 0,
    20_000,
  );
  expect(processedFor(receiver, row.id).map((p) => p.type)).toEqual(['incident.declared']);
  expect(deliveriesFor(receiver, row.id).filter((d) => d.type === 'incident.severity_changed')).toEqual([]);
  // Only the attempt made before it turned private reached the receiver (and was refused by the fault).
  const attempts = receiver
    .requestsTo('deliver')
    .filter(
      (r) =>
        (r.body as SentPayload).data.incident.id === Number(row.id) &&
        (r.body as SentPayload).type === 'incident.severity_changed',
    );
  expect(attempts.map((r) => r.status)).toEqual([500]);
});

test('two replicas delivering from one outbox send each change once, in order per incident', async () => {
  replica = await startReplica(h, { policy: policy(), notifyTimeoutMs: HUNG_CALL_TIMEOUT_MS });
  const rows: { id: string | number; channel_id: string }[] = [];
  for (let i = 0; i < 3; i++) rows.push(await declare(h, 'UALICE', { title: `Replicated ${i}`, commander: 'UALICE' }));
  // A few faults on the way, spread over whichever replica holds the claim.
  receiver.failNext('deliver', { status: 500 }, 2);
  receiver.failNext('deliver', { status: 429, retryAfter: 0 });
  for (const row of rows) {
    await run(h, 'UALICE', row.channel_id, 'severity 1');
    await run(h, 'UALICE', row.channel_id, 'status investigating');
    await run(h, 'UALICE', row.channel_id, 'resolve Fixed');
  }
  await h.emulator.waitFor(() => rows.every((row) => processedFor(receiver, row.id).length >= 5), 30_000);
  await Promise.all([h.bot.idle(30_000), replica.idle(30_000)]);
  for (const row of rows) {
    expect(processedFor(receiver, row.id).map((p) => p.type)).toEqual([
      'incident.declared',
      'incident.severity_changed',
      'incident.status_changed',
      'incident.status_changed',
      'incident.resolved',
    ]);
    // Nothing reached the receiver twice but what a fault made it retry.
    const ids = deliveriesFor(receiver, row.id).map((d) => d.id);
    const retried = receiver
      .requestsTo('deliver')
      .filter((r) => r.fault)
      .map((r) => r.headers['webhook-id']);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i && !retried.includes(id))).toEqual([]);
  }
});

test('a replica whose policy does not name the endpoint (a rolling deploy) leaves its deliveries to one that does', async () => {
  await replica?.stop();
  replica = await startReplica(h, { policy: { webhooks: [] }, notifyTimeoutMs: HUNG_CALL_TIMEOUT_MS });
  const row = await declare(h, 'UALICE', { title: 'Rolling deploy', commander: 'UALICE' });
  // The replica may have claimed the declaration's steps (the commander's invite among them): wait for both.
  await Promise.all([h.bot.idle(30_000), replica.idle(30_000)]);
  await run(h, 'UALICE', row.channel_id, 'severity 1');
  await run(h, 'UALICE', row.channel_id, 'status investigating');
  await h.emulator.waitFor(() => processedFor(receiver, row.id).length >= 3, 30_000);
  await Promise.all([h.bot.idle(30_000), replica.idle(30_000)]);
  expect(processedFor(receiver, row.id).map((p) => p.type)).toEqual([
    'incident.declared',
    'incident.severity_changed',
    'incident.status_changed',
  ]);
  expect(await h.db.selectFrom('outbox').select('id').where('status', '=', 'dead').execute()).toEqual([]);
});

test('every payload sent in this file matches docs/webhooks.schema.json', () => {
  expect(schemaErrors([receiver])).toEqual([]);
});
