import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TicketEvent, TicketHookReader } from './tickets.ports';

interface JiraWebhook {
  webhookEvent?: unknown;
  user?: { displayName?: unknown };
  issue?: { id?: unknown; key?: unknown; fields?: { status?: { statusCategory?: { key?: unknown } } } };
  changelog?: { items?: { field?: unknown }[] };
}

/**
 * Jira's issue webhook (../shared/integration-specs/jira-cloud-v3/REFERENCE.md): registered with a secret, each
 * delivery carries `X-Hub-Signature: sha256=<hex HMAC-SHA256 of the raw body>`. A transition arrives as
 * `jira:issue_updated` with a `status` item in its changelog; the issue's status category says where it landed.
 */
export const jiraHookReader: TicketHookReader = {
  authentic(headers, rawBody, secret) {
    const given = /^sha256=([0-9a-f]{64})$/i.exec(headers['x-hub-signature']?.trim() ?? '')?.[1];
    if (!given) return false;
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    return timingSafeEqual(Buffer.from(given, 'hex'), expected);
  },
  read(body): TicketEvent | null {
    const hook = body as JiraWebhook;
    if (hook.webhookEvent !== 'jira:issue_updated') return null;
    if (!hook.changelog?.items?.some((item) => item.field === 'status')) return null;
    const { id, key } = hook.issue ?? {};
    const category = hook.issue?.fields?.status?.statusCategory?.key;
    if ((typeof id !== 'string' && typeof id !== 'number') || typeof key !== 'string' || typeof category !== 'string')
      return null;
    const actor = hook.user?.displayName;
    return { id: String(id), key, done: category === 'done', actor: typeof actor === 'string' ? actor : null };
  },
};
