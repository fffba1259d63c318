import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../../kernel/db/schema';

export interface AlertDeliveriesTable {
  source: string;
  delivery: string;
  received_at: Timestamp;
}

export interface AlertPromptsTable {
  id: Generated<number>;
  source: string;
  group_key: string;
  draft: ColumnType<unknown, string, string>;
  created_at: Timestamp;
  state: Generated<string>;
  decided_by: string | null;
  decided_at: Timestamp | null;
  channel_id: string | null;
  message_ts: string | null;
}

/** The tables this feature owns (migrations/0020_alerts.sql), reached by its repository through `db.withTables<>()`. */
export type AlertTables = {
  alert_deliveries: AlertDeliveriesTable;
  alert_prompts: AlertPromptsTable;
};
