import type { Generated } from 'kysely';
import type { Timestamp } from '../../kernel/db/schema';

/** Migration 0025: an incident's public incident on the status page. */
export interface StatusPageIncidentsTable {
  incident_id: number;
  page_id: string;
  public_id: string;
  shortlink: string | null;
  last_status: string;
}

/** Migration 0025: every public post asked for. */
export interface StatusPagePostsTable {
  id: Generated<number>;
  incident_id: number;
  message: string;
  status: string;
  component_status: string | null;
  components: string[];
  actor: string;
  requested_at: Timestamp;
  notice: string | null;
  attempted: Generated<boolean>;
  published_at: Timestamp | null;
  refused: string | null;
  recorded: Generated<boolean>;
}

/** The tables this feature owns (created in migrations/), reached by its repositories through `db.withTables<>()`. */
export type StatusPageTables = {
  status_page_incidents: StatusPageIncidentsTable;
  status_page_posts: StatusPagePostsTable;
};
