// 410 Gone: the receiver asks never to be sent to again. The endpoint is disabled (said once in the log)
// and its pending deliveries dropped, while the other endpoints go on; a changed policy entry re-enables it.
import type { WebhookReceiver } from '@firebreak/service-fakes';
import { createLogger } from '../../../src/kernel/log';
import type { Firebreak } from '../../../src/main';
import { declare, type Harness, run, startHarness, startReplica } from '../../support/harness';
import { endpointOf, processedFor, receiverFor, schemaErrors } from '../../support/webhooks';

let h: Harness;
let restarted: Firebreak | undefined;
let crm: WebhookReceiver;
let audit: WebhookReceiver;
const lines: Record<string, unknown>[] = [];
const log = createLogger('warn', (line) => lines.push(JSON.parse(line)));

beforeAll(async () => {
  crm = await receiverFor('FB_TEST_WEBHOOK_CRM');
  audit = await receiverFor('FB_TEST_WEBHOOK_AUDIT');
  h = await startHarness({
    log,
    policy: {
      webhooks: [endpointOf('crm', crm, 'FB_TEST_WEBHOOK_CRM'), endpointOf('audit', audit, 'FB_TEST_WEBHOOK_AUDIT')],
    },
  });
});
afterAll(async () => {
  // The harness stops the bot it started (stopped already, mid-test); the restarted one is ours.
  await restarted?.stop();
  await h?.stop();
  await Promise.all([crm, audit].map((r) => r?.stop()));
});

const goneLogs = () => lines.filter((l) => String(l.msg).includes('410 Gone'));

test('a 410 disables the endpoint until its policy entry changes, and says so in the log once', async () => {
  const row = await declare(h, 'UALICE', { title: 'CRM sync broken', severity: 'SEV3', commander: 'UALICE' });
  expect(processedFor(crm, row.id).map((p) => p.type)).toEqual(['incident.declared']);

  crm.gone();
  await run(h, 'UALICE', row.channel_id, 'severity 2');
  const disabled = await h.db.selectFrom('webhook_endpoint_disabled').selectAll().execute();
  expect(disabled).toEqual([expect.objectContaining({ name: 'crm', reason: 'http_410' })]);
  expect(goneLogs()).toEqual([expect.objectContaining({ level: 'warn', endpoint: 'crm', url: crm.endpoint })]);

  // Nothing more is sent to it, whatever changes; the other endpoint hears everything.
  const sentToCrm = crm.deliveries.length;
  await run(h, 'UALICE', row.channel_id, 'status investigating');
  const other = await declare(h, 'UALICE', { title: 'Another one', severity: 'SEV4', commander: 'UALICE' });
  expect(crm.deliveries.length).toBe(sentToCrm);
  expect(processedFor(audit, row.id).map((p) => p.type)).toEqual([
    'incident.declared',
    'incident.severity_changed',
    'incident.status_changed',
  ]);
  expect(processedFor(audit, other.id).map((p) => p.type)).toEqual(['incident.declared']);
  // Its deliveries were dropped, not left to hold up its lanes or to be dead-lettered a day later.
  const stuck = await h.db
    .selectFrom('outbox')
    .select('id')
    .where('lane', 'like', 'webhook:crm:%')
    .where('status', '!=', 'done')
    .execute();
  expect(stuck).toEqual([]);
  expect(goneLogs()).toHaveLength(1);

  // Someone fixes the receiver and changes its entry (here: the events it wants): the next start sends to it again.
  crm.gone(false);
  await h.bot.stop();
  restarted = await startReplica(h, {
    log,
    policy: {
      webhooks: [
        endpointOf('crm', crm, 'FB_TEST_WEBHOOK_CRM', { events: ['incident.status_changed', 'incident.resolved'] }),
        endpointOf('audit', audit, 'FB_TEST_WEBHOOK_AUDIT'),
      ],
    },
  });
  h.bot = restarted;
  h.emulator.botEndpoint = restarted.eventsUrl;
  await run(h, 'UALICE', row.channel_id, 'resolve Fixed');
  expect(processedFor(crm, row.id).map((p) => p.type)).toEqual([
    'incident.declared',
    'incident.status_changed',
    'incident.resolved',
  ]);
});

test('every payload sent in this file matches docs/webhooks.schema.json', () => {
  expect(schemaErrors([crm, audit])).toEqual([]);
});
