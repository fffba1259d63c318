import type { Timestamp } from '../../kernel/db/schema';

export interface IncidentFeedbackTable {
  incident_id: number;
  user_id: string;
  requested_at: Timestamp;
  rating: number | null;
  change: string | null;
  answered_at: Timestamp | null;
}

/** The tables this feature owns (created in migrations/), reached by its repositories through `db.withTables<>()`. */
export type FeedbackTables = {
  incident_feedback: IncidentFeedbackTable;
};
