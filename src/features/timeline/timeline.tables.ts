import type { Generated } from 'kysely';
import type { Timestamp } from '../../kernel/db/schema';

export interface TimelineEntriesTable {
  id: Generated<number>;
  incident_id: number;
  kind: string;
  author: string;
  text: string;
  at: Timestamp;
  slack_ts: string | null;
  thread_ts: string | null;
  key: Generated<boolean>;
  key_reason: string | null;
  edited: Generated<boolean>;
  deleted: Generated<boolean>;
  arrived: Generated<boolean>;
  edited_ts: string | null;
}

/** The tables this feature owns (created in migrations/), reached by its repositories through `db.withTables<>()`. */
export type TimelineTables = {
  timeline_entries: TimelineEntriesTable;
};
