/** What other tools can hear of by webhook; an endpoint names the ones it wants, or `*` for all. */
export const WEBHOOK_EVENTS = [
  'incident.declared',
  'incident.status_changed',
  'incident.severity_changed',
  'incident.role_assigned',
  'incident.updated',
  'incident.resolved',
  'incident.closed',
  'incident.cancelled',
  'review.published',
  'followup.created',
  'followup.done',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** One receiver of Firebreak's webhooks, as the policy names it. */
export interface WebhookEndpoint {
  /** Names it in lanes, logs and metrics: lowercase letters, digits, `-` and `_`. */
  name: string;
  url: string;
  /** The environment variable holding its Standard Webhooks secret (`whsec_…`). */
  secretEnv: string;
  events: readonly WebhookEventType[] | '*';
  /** Private incidents go only to endpoints that opted in. */
  includePrivate: boolean;
}

export const wantsEvent = (endpoint: WebhookEndpoint, type: WebhookEventType): boolean =>
  endpoint.events === '*' || endpoint.events.includes(type);

/** The name an endpoint goes by when the policy gives none: its host (and path), as lane-safe text. */
export function endpointNameOf(url: string): string {
  const { host, pathname } = new URL(url);
  return `${host}${pathname}`
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}

/** A change other tools hear of, as it was when it happened (its incident travels beside it). */
export interface WebhookEvent {
  type: WebhookEventType;
  at: Date;
  /** Who made the change (a Slack user ID); null when nobody did (a scheduled step). */
  actor: string | null;
  change?: { field: 'status' | 'severity' | 'role'; role?: string; from: string | null; to: string };
  update?: { text: string };
  review?: { document: string; actionItems: number };
  followup?: { id: number; text: string; owner: string | null; due: string | null; done: boolean };
}
