import type { Generated } from 'kysely';
import type { Timestamp } from '../../kernel/db/schema';

export interface FollowupsTable {
  id: Generated<number>;
  incident_id: number;
  text: string;
  owner: string | null;
  /** `YYYY-MM-DD`; read back as text (see connect.ts type parser) so no time zone shifts it. */
  due: string | null;
  status: Generated<string>;
  source: string;
  created_by: string;
  created_at: Timestamp;
  done_by: string | null;
  done_at: Timestamp | null;
}

/** The tables this feature owns (created in migrations/), reached by its repositories through `db.withTables<>()`. */
export type FollowupTables = {
  followups: FollowupsTable;
};
