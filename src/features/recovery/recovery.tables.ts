import type { ColumnType } from 'kysely';
import type { Timestamp } from '../../kernel/db/schema';

export interface RecoveryChecklistsTable {
  incident_id: number;
  guide: ColumnType<unknown, string, string>;
  message_ts: string | null;
  offered_at: Timestamp;
}

export interface RecoveryTicksTable {
  incident_id: number;
  step: number;
  ticked_by: string;
  ticked_at: Timestamp;
}

export interface DrillSchedulesTable {
  plan_id: string;
  first_seen_at: Timestamp;
  reminded_slot: Timestamp | null;
}

/** The tables this feature owns (created in migrations/), reached by its repositories through `db.withTables<>()`. */
export type RecoveryTables = {
  recovery_checklists: RecoveryChecklistsTable;
  recovery_ticks: RecoveryTicksTable;
  drill_schedules: DrillSchedulesTable;
};
