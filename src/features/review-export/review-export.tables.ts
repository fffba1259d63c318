import type { Timestamp } from '../../kernel/db/schema';

/** Migration 0024: one row per incident whose review went (or was kept from) the wiki. */
export interface ReviewWikiPagesTable {
  incident_id: number;
  notice: string;
  outcome: string;
  page_id: string | null;
  title: string | null;
  version: number | null;
  url: string | null;
  refused: string | null;
  updated_at: Timestamp;
}

/** The tables this feature owns (created in migrations/), reached by its repositories through `db.withTables<>()`. */
export type ReviewExportTables = {
  review_wiki_pages: ReviewWikiPagesTable;
};
