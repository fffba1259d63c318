import { createHash } from 'node:crypto';
import type { WebhookEndpoint } from '../../domain/webhooks';

/** Names the policy entry as written: a 410 disables the endpoint until this changes. */
export function endpointHash(e: WebhookEndpoint): string {
  const entry = { url: e.url, secretEnv: e.secretEnv, events: e.events, includePrivate: e.includePrivate };
  return createHash('sha256').update(JSON.stringify(entry)).digest('hex');
}
