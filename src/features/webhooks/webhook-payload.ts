import type { Incident } from '../../domain/incident';
import { incidentRef } from '../../domain/incident';
import type { WebhookEvent } from '../../domain/webhooks';

/**
 * What a receiver gets, documented in docs/webhooks.md and docs/webhooks.schema.json. The incident object
 * carries `version`: a field is only ever added within a version; a removal or a change of meaning is a new one.
 */
export const INCIDENT_OBJECT_VERSION = 1;

/** Standard Webhooks asks for small payloads (under about 20 kB): a long review document is cut, and says so. */
const DOCUMENT_KEPT = 16_000;

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/** Built from the stored notice only, so every retry sends the same bytes under the same webhook-id. */
export function webhookPayload(incident: Incident, event: WebhookEvent): Record<string, unknown> {
  const { type, at, actor, change, update, review, followup } = event;
  return {
    type,
    timestamp: at.toISOString(),
    data: {
      incident: {
        version: INCIDENT_OBJECT_VERSION,
        id: incident.id,
        number: incident.number,
        reference: incidentRef(incident.number),
        title: incident.title,
        summary: incident.summary,
        status: incident.status,
        severity: incident.severity,
        category: incident.category,
        private: incident.isPrivate,
        roles: { ...incident.roles },
        declaredBy: incident.declaredBy,
        declaredAt: iso(incident.declaredAt),
        updatedAt: iso(incident.updatedAt),
        resolvedAt: iso(incident.resolvedAt),
        closedAt: iso(incident.closedAt),
        channel: {
          id: incident.channelId,
          name: incident.channelName,
          // Slack's own redirect opens the channel in whichever workspace the reader is signed in to.
          url: `https://slack.com/app_redirect?channel=${encodeURIComponent(incident.channelId)}`,
        },
      },
      actor,
      ...(change ? { change: { ...change } } : {}),
      ...(update ? { update: { ...update } } : {}),
      ...(review
        ? {
            review: {
              document: review.document.slice(0, DOCUMENT_KEPT),
              truncated: review.document.length > DOCUMENT_KEPT,
              actionItems: review.actionItems,
            },
          }
        : {}),
      ...(followup ? { followup: { ...followup } } : {}),
    },
  };
}
