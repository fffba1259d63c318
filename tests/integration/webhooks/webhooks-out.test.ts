// Webhooks out, as a receiver sees them: every kind of change once, in order, signed, the incident as a versioned object.
import type { WebhookReceiver } from '@firebreak/service-fakes';
import { FOLLOWUP_DM_DONE_BUTTON } from '../../../src/features/followups/followups.ids';
import { declare, type Harness, run, startHarness } from '../../support/harness';
import { openReview } from '../../support/review-form';
import { deliveriesFor, endpointOf, postUpdate, processedFor, receiverFor, schemaErrors } from '../../support/webhooks';

let h: Harness;
let all: WebhookReceiver;
let reviews: WebhookReceiver;
let privateToo: WebhookReceiver;

beforeAll(async () => {
  all = await receiverFor('FB_TEST_WEBHOOK_ALL');
  reviews = await receiverFor('FB_TEST_WEBHOOK_REVIEWS');
  privateToo = await receiverFor('FB_TEST_WEBHOOK_PRIVATE');
  h = await startHarness({
    policy: {
      webhooks: [
        endpointOf('all', all, 'FB_TEST_WEBHOOK_ALL'),
        endpointOf('reviews', reviews, 'FB_TEST_WEBHOOK_REVIEWS', { events: ['review.published', 'followup.done'] }),
        endpointOf('private-too', privateToo, 'FB_TEST_WEBHOOK_PRIVATE', {
          events: ['incident.declared', 'incident.severity_changed'],
          includePrivate: true,
        }),
      ],
    },
  });
});
afterAll(async () => {
  await h?.stop();
  await Promise.all([all, reviews, privateToo].map((r) => r?.stop()));
});

const types = (r: WebhookReceiver, incidentId: number | string) => processedFor(r, incidentId).map((p) => p.type);

test('an incident from declare to close sends each change once, in order, signed, to the endpoints that want it', async () => {
  const row = await declare(h, 'UALICE', { title: 'Payments are slow', severity: 'SEV3', commander: 'UALICE' });
  const ch = row.channel_id;
  await run(h, 'UALICE', ch, 'severity 2');
  await run(h, 'UALICE', ch, 'role comms <@UBOB>');
  await postUpdate(h, 'UALICE', ch, 'Rolled back the payments deploy');
  await run(h, 'UALICE', ch, 'status investigating');
  await run(h, 'UALICE', ch, 'followup Add a canary stage <@UALICE>');
  const dm = h.emulator.workspace
    .dmsTo('UALICE')
    .filter((m) => m.text.includes('Add a canary stage'))
    .at(-1)!;
  const followup = await h.db
    .selectFrom('followups')
    .select('id')
    .where('incident_id', '=', row.id)
    .executeTakeFirstOrThrow();
  await h.emulator.clickButton({
    user: 'UALICE',
    channel: dm.channel,
    messageTs: dm.ts,
    actionId: FOLLOWUP_DM_DONE_BUTTON,
    value: String(followup.id),
  });
  await h.bot.idle();
  await run(h, 'UALICE', ch, 'resolve Fixed');
  const review = await openReview(h, 'UALICE', ch);
  await h.emulator.submitView({
    user: 'UALICE',
    viewId: review.id,
    values: {
      summary: 'Payments were slow for 20 minutes',
      customerImpact: 'Checkout took 30 s',
      rootCause: 'A slow query',
      actionItems: 'Index the payments table',
    },
  });
  await h.bot.idle();
  await run(h, 'UALICE', ch, 'close');

  expect(types(all, row.id)).toEqual([
    'incident.declared',
    'incident.severity_changed',
    'incident.role_assigned',
    'incident.updated',
    'incident.status_changed',
    'followup.created',
    'followup.done',
    'incident.status_changed',
    'incident.resolved',
    'followup.created',
    'review.published',
    'incident.status_changed',
    'incident.closed',
  ]);
  const sent = processedFor(all, row.id);
  expect(sent[1].data).toMatchObject({ actor: 'UALICE', change: { field: 'severity', from: 'SEV3', to: 'SEV2' } });
  expect(sent[2].data.change).toEqual({ field: 'role', role: 'comms', from: null, to: 'UBOB' });
  expect(sent[3].data.update).toEqual({ text: 'Rolled back the payments deploy' });
  expect(sent[6].data.followup).toMatchObject({ text: 'Add a canary stage', done: true });
  expect(sent[8].data).toMatchObject({
    change: { field: 'status', to: 'resolved' },
    incident: { status: 'resolved', severity: 'SEV2' },
  });
  expect(sent[10].data.review).toMatchObject({ actionItems: 1 });
  expect(sent.at(-1)!.data.incident).toMatchObject({
    version: 1,
    number: row.number,
    reference: `INC-${row.number}`,
    title: 'Payments are slow',
    status: 'closed',
    private: false,
    roles: { commander: 'UALICE', comms: 'UBOB', scribe: null },
    channel: { id: ch, url: `https://slack.com/app_redirect?channel=${ch}` },
  });
  // Every delivery carried a valid signature and was the first of its webhook-id: nothing doubled, nothing forged.
  const forIncident = deliveriesFor(all, row.id);
  expect(forIncident).toHaveLength(13);
  expect(forIncident.every((d) => d.valid && d.first && d.status === 204)).toBe(true);
  expect(new Set(forIncident.map((d) => d.id)).size).toBe(forIncident.length);

  // An endpoint hears only the kinds it asked for.
  expect(types(reviews, row.id)).toEqual(['followup.done', 'review.published']);
  expect(types(privateToo, row.id)).toEqual(['incident.declared', 'incident.severity_changed']);
});

test('a cancelled incident sends incident.cancelled after its status change', async () => {
  const row = await declare(h, 'UALICE', { title: 'False alarm', severity: 'SEV4', commander: 'UALICE' });
  await run(h, 'UALICE', row.channel_id, 'cancel');
  expect(types(all, row.id)).toEqual(['incident.declared', 'incident.status_changed', 'incident.cancelled']);
});

test('a private incident sends nothing to endpoints that did not opt in, and everything asked for to one that did', async () => {
  const row = await declare(h, 'UALICE', {
    title: 'Secret leak',
    severity: 'SEV3',
    commander: 'UALICE',
    private: true,
  });
  await run(h, 'UALICE', row.channel_id, 'severity 1');
  await run(h, 'UALICE', row.channel_id, 'status investigating');
  expect(processedFor(all, row.id)).toEqual([]);
  expect(deliveriesFor(all, row.id)).toEqual([]);
  expect(processedFor(privateToo, row.id).map((p) => [p.type, p.data.incident.private])).toEqual([
    ['incident.declared', true],
    ['incident.severity_changed', true],
  ]);
  // Not even owed: no outbox row names the endpoint that did not opt in for this incident.
  const lanes = await h.db
    .selectFrom('outbox')
    .select('lane')
    .where('lane', 'like', `webhook:%:incident:${row.id}`)
    .execute();
  expect(new Set(lanes.map((l) => l.lane))).toEqual(new Set([`webhook:private-too:incident:${row.id}`]));
});

test('every payload sent in this file matches docs/webhooks.schema.json', () => {
  expect(all.deliveries.length).toBeGreaterThan(10);
  expect(schemaErrors([all, reviews, privateToo])).toEqual([]);
});
