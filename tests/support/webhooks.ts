import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { WebhookReceiver } from '@firebreak/service-fakes';
import Ajv from 'ajv';
import type { WebhookEndpoint } from '../../src/domain/webhooks';
import { UPDATE_FIELDS } from '../../src/features/updates/updates.ids';
import { type Harness, run } from './harness';

/** A receiver with its own fresh secret, set in the environment under `secretEnv` for the bot to read. */
export async function receiverFor(secretEnv: string): Promise<WebhookReceiver> {
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  process.env[secretEnv] = secret;
  const receiver = new WebhookReceiver({ secret });
  await receiver.start();
  return receiver;
}

export const endpointOf = (
  name: string,
  receiver: WebhookReceiver,
  secretEnv: string,
  more: Partial<WebhookEndpoint> = {},
): WebhookEndpoint => ({ name, url: receiver.endpoint, secretEnv, events: '*', includePrivate: false, ...more });

export interface SentPayload {
  type: string;
  timestamp: string;
  data: {
    incident: { id: number; number: number; status: string; severity: string | null; private: boolean };
    actor: string | null;
    change?: { field: string; from: string | null; to: string; role?: string };
    followup?: { text: string; done: boolean };
    review?: { actionItems: number };
    update?: { text: string };
  };
}

/** What an endpoint processed (each webhook-id once, signature valid), for one incident, in arrival order. */
export const processedFor = (receiver: WebhookReceiver, incidentId: number | string): SentPayload[] =>
  receiver.accepted.map((d) => d.body as SentPayload).filter((p) => p.data.incident.id === Number(incidentId));

/** Every request that reached the receiver's handler for one incident: retries, duplicates and refusals too. */
export const deliveriesFor = (receiver: WebhookReceiver, incidentId: number | string) =>
  receiver.deliveries.filter((d) => (d.body as SentPayload).data.incident.id === Number(incidentId));

const schema = JSON.parse(readFileSync(path.join(__dirname, '../../docs/webhooks.schema.json'), 'utf8'));

/** Every body the receivers got, checked against docs/webhooks.schema.json; the errors of those that fail. */
export function schemaErrors(receivers: readonly WebhookReceiver[]): string[] {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  return receivers.flatMap((r) =>
    r.deliveries.flatMap((d) =>
      validate(d.body) ? [] : [`${d.type}: ${JSON.stringify(validate.errors)} in ${d.rawBody.slice(0, 300)}`],
    ),
  );
}

/** `/incident update <text>` and its modal submitted as it opened. */
export async function postUpdate(h: Harness, user: string, channel: string, text: string): Promise<void> {
  const ws = h.emulator.workspace;
  const before = new Set(ws.openViews(user).map((v) => v.id));
  await run(h, user, channel, `update ${text}`);
  const view = await h.emulator.waitFor(() => ws.openViews(user).find((v) => !before.has(v.id)));
  await h.emulator.submitView({ user, viewId: view.id, values: { [UPDATE_FIELDS.text.action]: text } });
  await h.bot.idle(h.idleTimeoutMs);
}
