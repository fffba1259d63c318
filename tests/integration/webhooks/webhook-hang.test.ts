// A receiver that hangs for its whole timeout holds up only its own lane: the incident's Slack messages
// owed meanwhile go out at once, not after the hung call gives up.
import type { WebhookReceiver } from '@firebreak/service-fakes';
import { declare, type Harness, startHarness } from '../../support/harness';
import { endpointOf, processedFor, receiverFor } from '../../support/webhooks';

let h: Harness;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await receiverFor('FB_TEST_WEBHOOK_SLOW');
  // The webhook's own timeout (15 s): longer than the wait below for the Slack message.
  h = await startHarness({ policy: { webhooks: [endpointOf('slow', receiver, 'FB_TEST_WEBHOOK_SLOW')] } });
});
afterAll(async () => {
  // Ends the hung answer first, so stopping the bot does not wait out its timeout.
  await receiver?.stop();
  await h?.stop();
});

test('while a webhook call hangs, the changes made meanwhile reach Slack at once', async () => {
  const row = await declare(h, 'UALICE', { title: 'Slow receiver', severity: 'SEV3', commander: 'UALICE' });
  receiver.failNext('deliver', { hangMs: 60_000 });
  const said = (text: string) =>
    h.emulator.workspace.messagesIn(row.channel_id).filter((m) => m.text.includes(text)).length > 0;
  expect((await h.emulator.command({ user: 'UALICE', channel: row.channel_id, text: 'severity 2' })).status).toBe(200);
  await h.emulator.waitFor(() => receiver.requestsTo('deliver').some((r) => r.fault?.hangMs), 5_000);
  const asked = Date.now();
  expect(
    (await h.emulator.command({ user: 'UALICE', channel: row.channel_id, text: 'status investigating' })).status,
  ).toBe(200);
  await h.emulator.waitFor(() => said('to *Investigating*'), 5_000);
  expect(Date.now() - asked).toBeLessThan(5_000);
  // The hung webhook still stands first in its lane: nothing after it was sent out of order.
  expect(processedFor(receiver, row.id).map((p) => p.type)).toEqual(['incident.declared']);
});
