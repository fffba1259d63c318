import type { WebhookEndpoint } from '../../domain/webhooks';
import type { Clock } from '../../kernel/clock';
import { callService, ServiceCallError } from '../../kernel/outbound/service-call';
import { signedHeaders } from '../../kernel/outbound/standard-webhooks';
import type { DeliveryDeps, NoticeDeliveries, NoticeOf } from '../../kernel/outbox/deliveries';
import { type StepContext, step } from '../../kernel/outbox/outbox';
import { endpointHash } from './webhook-endpoints';
import { webhookPayload } from './webhook-payload';
import type { WebhookRepositories, WebhookSecrets } from './webhooks.ports';

export interface WebhookDeliveryDeps extends DeliveryDeps<WebhookRepositories> {
  secrets: WebhookSecrets;
  /** Stamps `webhook-timestamp`: the receiver holds it against its own clock, so this is the wall clock. */
  wallClock: Clock;
  /** How long a receiver may take to answer; default WEBHOOK_TIMEOUT_MS. */
  timeoutMs?: number;
}

/** The low end of what Standard Webhooks recommends (15 to 30 s): receivers are told to answer within it. */
const WEBHOOK_TIMEOUT_MS = 15_000;

/**
 * Each webhook is one signed POST. Its webhook-id is the step's outbox key, the same on every retry, so a
 * receiver that got it once before its answer was lost sees the same id again and drops it.
 */
export function webhookDeliveries(deps: WebhookDeliveryDeps): Pick<NoticeDeliveries, 'webhook'> {
  return {
    webhook: (notice) => [step(`webhook ${notice.endpoint}`, (ctx) => deliver(deps, notice, ctx))],
  };
}

async function deliver(deps: WebhookDeliveryDeps, notice: NoticeOf<'webhook'>, ctx: StepContext): Promise<void> {
  const { uow, log } = deps;
  const endpoint = deps.policy.webhooks.find((e) => e.name === notice.endpoint);
  const secret = deps.secrets.get(notice.endpoint);
  const fields = { endpoint: notice.endpoint, incident: notice.incident.number, event: notice.event.type };
  if (!endpoint || !secret) {
    // Not dropped: in a rolling deploy a replica of the older policy may claim what a newer one owes. It waits
    // for a replica that knows the endpoint, and is dead-lettered after a day if none ever does (one removed).
    log.info('Webhook endpoint is not in this replica’s policy; delivery waits', fields);
    throw new ServiceCallError(
      `webhook:${notice.endpoint}`,
      { transient: true, code: 'endpoint_not_configured', untouched: true },
      null,
      '',
    );
  }
  const hash = endpointHash(endpoint);
  if (await uow.disabledWebhooks.isDisabled(endpoint.name, hash)) return;
  // Checked again now: an incident made private after the change was owed is not sent either.
  if (!endpoint.includePrivate) {
    const current = await uow.incidents.findById(notice.incident.id);
    if (notice.incident.isPrivate || !current || current.isPrivate) return;
  }
  const body = JSON.stringify(webhookPayload(notice.incident, notice.event));
  try {
    await callService(`webhook:${endpoint.name}`, {
      method: 'POST',
      url: endpoint.url,
      headers: { 'content-type': 'application/json', ...signedHeaders(secret, ctx.key, deps.wallClock.now(), body) },
      body,
      timeoutMs: deps.timeoutMs ?? WEBHOOK_TIMEOUT_MS,
    });
  } catch (e) {
    if (e instanceof ServiceCallError && e.status === 410) return gone(deps, endpoint, hash, fields);
    throw e;
  }
}

/** 410 Gone: the receiver says it will never want these again. Stop until someone changes its policy entry. */
async function gone(
  deps: WebhookDeliveryDeps,
  endpoint: WebhookEndpoint,
  hash: string,
  fields: Record<string, unknown>,
): Promise<void> {
  const now = deps.wallClock.now();
  if (await deps.uow.disabledWebhooks.disable(endpoint.name, hash, 'http_410', now))
    deps.log.warn(
      'Webhook endpoint answered 410 Gone: disabled, its pending deliveries dropped, until its policy entry changes',
      { ...fields, url: endpoint.url },
    );
}
