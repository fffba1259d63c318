import type { Timestamp } from '../../kernel/db/schema';

export interface WebhookEndpointDisabledTable {
  name: string;
  policy_hash: string;
  disabled_at: Timestamp;
  reason: string;
}

/** The tables this feature owns (created in migrations/), reached by its repositories through `db.withTables<>()`. */
export type WebhookTables = {
  webhook_endpoint_disabled: WebhookEndpointDisabledTable;
};
