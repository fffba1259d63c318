import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../../kernel/db/schema';

export interface ReviewsTable {
  incident_id: number;
  answers: ColumnType<unknown, string, string>;
  status: string;
  document: string | null;
  updated_by: string;
  updated_at: Timestamp;
  submitted_at: Timestamp | null;
  /** Set by a trigger (migration 0011) on the first publication; never moved after. */
  first_submitted_at: Generated<Timestamp | null>;
  file_id: string | null;
  file_permalink: string | null;
  upload_key: Generated<string | null>;
  upload_file_id: Generated<string | null>;
}

/** The tables this feature owns (created in migrations/), reached by its repositories through `db.withTables<>()`. */
export type ReviewTables = {
  reviews: ReviewsTable;
};
