import type { Timestamp } from '../../kernel/db/schema';

/** Migration 0021: one row per incident and paging service. */
export interface IncidentPagesTable {
  incident_id: number;
  service: string;
  notice: string;
  open: boolean;
  paged_at: Timestamp | null;
  refused: string | null;
  recorded: boolean;
}

/** The tables this feature owns (created in migrations/), reached by its repositories through `db.withTables<>()`. */
export type PagingTables = {
  incident_pages: IncidentPagesTable;
};
