import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface IncidentsTable {
  id: Generated<number>;
  number: number;
  title: string;
  summary: string;
  severity: string | null;
  category: string | null;
  status: string;
  is_private: boolean;
  commander_id: string | null;
  comms_id: string | null;
  scribe_id: string | null;
  declared_by: string;
  declared_at: Timestamp;
  channel_id: string;
  channel_name: string;
  header_ts: string | null;
  declare_key: string | null;
  updated_at: Timestamp;
  resolved_at: Timestamp | null;
}

export interface IncidentEventsTable {
  id: Generated<number>;
  incident_id: number;
  kind: string;
  actor: string;
  at: Timestamp;
  data: ColumnType<unknown, string, string>;
}

export interface IncidentParticipantsTable {
  incident_id: number;
  user_id: string;
  added_at: Timestamp;
}

export interface DB {
  incidents: IncidentsTable;
  incident_events: IncidentEventsTable;
  incident_participants: IncidentParticipantsTable;
}
