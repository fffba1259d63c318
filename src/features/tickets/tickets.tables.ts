import type { Timestamp } from '../../kernel/db/schema';

/** Migration 0028: one row per follow-up made (or to be made) a ticket. */
export interface FollowupTicketsTable {
  followup_id: number;
  tracker: string;
  notice: string;
  state: string;
  ticket_id: string | null;
  ticket_key: string | null;
  ticket_url: string | null;
  refused: string | null;
  created_at: Timestamp;
  synced_at: Timestamp | null;
}

export interface TicketReconcilesTable {
  tracker: string;
  ran_at: Timestamp;
}

/** The tables this feature owns (created in migrations/), reached by its repositories through `db.withTables<>()`. */
export type TicketTables = {
  followup_tickets: FollowupTicketsTable;
  ticket_reconciles: TicketReconcilesTable;
};
