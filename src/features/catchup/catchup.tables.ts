import type { Timestamp } from '../../kernel/db/schema';

/** Migration 0023: one row per incident and person sent the catch-up card on joining. */
export interface CatchupCardsTable {
  incident_id: number;
  user_id: string;
  sent_at: Timestamp;
}

/** The tables this feature owns (created in migrations/), reached by its repositories through `db.withTables<>()`. */
export type CatchupTables = {
  catchup_cards: CatchupCardsTable;
};
