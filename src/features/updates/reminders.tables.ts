import type { Generated } from 'kysely';
import type { Timestamp } from '../../kernel/db/schema';

export interface RemindersTable {
  id: Generated<number>;
  incident_id: number;
  followup_id: number | null;
  kind: string;
  due_at: Timestamp;
  active: Generated<boolean>;
  fired_count: Generated<number>;
  total_fired: Generated<number>;
  last_fired_at: Timestamp | null;
  snoozed_until: Timestamp | null;
}

/** The tables this feature owns (created in migrations/), reached by its repositories through `db.withTables<>()`. */
export type ReminderTables = {
  reminders: RemindersTable;
};
