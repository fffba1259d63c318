import type { Timestamp } from '../../kernel/db/schema';

export interface IncidentCanvasTable {
  incident_id: number;
  canvas_id: string;
  created_at: Timestamp;
  edited_at: Timestamp | null;
}

export interface CanvasRefusalTable {
  team_id: string;
  error: string;
  refused_at: Timestamp;
}

/** The tables this feature owns (created in migrations/), reached by its repositories through `db.withTables<>()`. */
export type CanvasTables = {
  incident_canvases: IncidentCanvasTable;
  canvas_refusals: CanvasRefusalTable;
};
