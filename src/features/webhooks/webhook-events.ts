import type { Incident } from '../../domain/incident';
import type { Status } from '../../domain/status';
import { type WebhookEndpoint, type WebhookEvent, type WebhookEventType, wantsEvent } from '../../domain/webhooks';
import type { Clock } from '../../kernel/clock';
import { type Notice, serviceLane } from '../../kernel/outbox/notice';
import type { Notifier, OutboxRepository } from '../../kernel/outbox/outbox.ports';

type WebhookNotice = Extract<Notice, { type: 'webhook' }>;

/** Statuses that end a fight (or call it off) have an event of their own, besides `incident.status_changed`. */
const ENDING: Partial<Record<Status, WebhookEventType>> = {
  resolved: 'incident.resolved',
  closed: 'incident.closed',
  cancelled: 'incident.cancelled',
};

/**
 * The webhook events a notice stands for. Every change a use case makes is owed to Slack as a notice in its
 * transaction, so reading the notices finds every change, and no use case has to remember webhooks.
 */
export function eventsOf(notice: Notice, now: Date): WebhookEvent[] {
  switch (notice.type) {
    case 'declared':
      return [{ type: 'incident.declared', at: notice.incident.declaredAt, actor: notice.incident.declaredBy }];
    case 'changed': {
      const { change, actor, at } = notice.event;
      if (change.kind === 'status') {
        const c = { field: 'status' as const, from: change.from, to: change.to };
        const ending = ENDING[change.to];
        return [
          { type: 'incident.status_changed', at, actor, change: c },
          ...(ending ? [{ type: ending, at, actor, change: c }] : []),
        ];
      }
      if (change.kind === 'severity')
        return [
          {
            type: 'incident.severity_changed',
            at,
            actor,
            change: { field: 'severity', from: change.from, to: change.to },
          },
        ];
      if (change.kind === 'role')
        return [
          {
            type: 'incident.role_assigned',
            at,
            actor,
            change: { field: 'role', role: change.role, from: change.from, to: change.to },
          },
        ];
      return [];
    }
    case 'update_posted':
      return [{ type: 'incident.updated', at: now, actor: notice.actor, update: { text: notice.text } }];
    case 'review_submitted':
      return [
        {
          type: 'review.published',
          at: now,
          actor: notice.actor,
          review: { document: notice.document, actionItems: notice.actionItems },
        },
      ];
    case 'followup_added':
    case 'followup_done': {
      const { id, text, owner, due } = notice.followup;
      const done = notice.type === 'followup_done';
      return [
        {
          type: done ? 'followup.done' : 'followup.created',
          at: now,
          actor: notice.actor,
          followup: { id, text, owner, due, done },
        },
      ];
    }
    default:
      return [];
  }
}

/**
 * One webhook notice per endpoint that wants each event. A private incident goes only to endpoints that
 * opted in; a drill to none (a rehearsal must not set off another tool's automation). Each endpoint has a
 * lane per incident: one endpoint down holds up only itself, and each incident's changes reach it in order.
 */
export function webhookNoticesOf(notice: Notice, endpoints: readonly WebhookEndpoint[], now: Date): WebhookNotice[] {
  if (!endpoints.length) return [];
  const events = eventsOf(notice, now);
  // Every kind with events carries the whole incident (not a declaration's reservation).
  if (!events.length || !('incident' in notice)) return [];
  const incident = notice.incident as Incident;
  if (incident.isDrill) return [];
  return events.flatMap((event) =>
    endpoints
      .filter((e) => wantsEvent(e, event.type) && (e.includePrivate || !incident.isPrivate))
      .map((e) => ({
        type: 'webhook' as const,
        lane: serviceLane(`webhook:${e.name}`, incident.id),
        endpoint: e.name,
        incident,
        event,
      })),
  );
}

/** The use cases' notifier: whatever they owe Slack, plus the webhooks it stands for, in the same transaction. */
export class WebhookNotifier implements Notifier {
  constructor(
    private readonly inner: Notifier,
    private readonly endpoints: readonly WebhookEndpoint[],
    private readonly clock: Clock,
  ) {}

  notify(tx: { outbox: OutboxRepository }, notice: Notice | readonly Notice[]): Promise<void> {
    const all = ([] as Notice[]).concat(notice as Notice | Notice[]);
    const now = this.clock.now();
    const owed = all.flatMap((n) => webhookNoticesOf(n, this.endpoints, now));
    return this.inner.notify(tx, owed.length ? [...all, ...owed] : notice);
  }
}
