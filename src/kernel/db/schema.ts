import type { ColumnType, Generated } from 'kysely';

export type Timestamp = ColumnType<Date, Date | string, Date | string>;

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
  channel_id: string | null;
  channel_name: string;
  channel_due_at: Timestamp | null;
  channel_attempts: Generated<number>;
  channel_claim: string | null;
  declare_reply: ColumnType<unknown, string | null | undefined, string | null>;
  header_ts: string | null;
  announcement_channel: string | null;
  announcement_ts: string | null;
  update_nudge_ts: string | null;
  declare_key: string | null;
  updated_at: Timestamp;
  resolved_at: Timestamp | null;
  closed_at: Timestamp | null;
  last_update_at: Timestamp | null;
  next_update_due: Timestamp | null;
  commander_present: Generated<boolean>;
  is_drill: Generated<boolean>;
  drill_plan: string | null;
  channel_gone_at: Generated<Date | null>;
  /** Kept by the trigger of migration 0008. */
  acknowledged_at: Generated<Date | null>;
  mitigated_at: Generated<Date | null>;
  /** Gaps between updates (ms), kept at close by the trigger of migration 0011. */
  update_gaps: Generated<number[] | null>;
  /** The alert group that opened it (migration 0020). */
  alert_source: Generated<string | null>;
  alert_group: Generated<string | null>;
  alert_name: Generated<string | null>;
  alert_url: Generated<string | null>;
  /** Its incident type and custom field values (migration 0029). */
  incident_type: Generated<string | null>;
  fields: ColumnType<unknown, string | undefined, string>;
}

export interface IncidentEventsTable {
  id: Generated<number>;
  incident_id: number;
  kind: string;
  actor: string;
  at: Timestamp;
  data: ColumnType<unknown, string, string>;
  before: ColumnType<unknown, string | null | undefined, string | null>;
  after: ColumnType<unknown, string | null | undefined, string | null>;
}

/** Roles from the policy beyond the three columns of incidents (migration 0029). */
export interface IncidentRolesTable {
  incident_id: number;
  role: string;
  user_id: string;
  assigned_at: Timestamp;
}

export interface IncidentParticipantsTable {
  incident_id: number;
  user_id: string;
  added_at: Timestamp;
}

export interface IncidentMembersTable {
  incident_id: number;
  user_id: string;
  in_channel: boolean;
  /** Slack's event_ts; numeric in the database, a string here so no digit is lost. */
  event_ts: string;
}

export interface SlackEventsTable {
  event_id: string;
  received_at: Timestamp;
}

export interface IncidentSubscribersTable {
  incident_id: number;
  user_id: string;
  subscribed_at: Timestamp;
}

export interface OutboxTable {
  id: Generated<number>;
  lane: string;
  notice: ColumnType<unknown, string, string>;
  step: Generated<number>;
  status: Generated<string>;
  due_at: Timestamp;
  attempts: Generated<number>;
  claim_token: string | null;
  errors: ColumnType<unknown, string | undefined, string>;
  clean_retry: Generated<boolean>;
  unsure: Generated<boolean>;
  step_since: Timestamp | null;
  priority: Generated<number>;
  created_at: Timestamp;
  done_at: Timestamp | null;
}

export interface IncidentMarkersTable {
  incident_id: number;
  user_id: string;
  first_at: Timestamp;
}

/**
 * The kernel's tables. Each feature declares the row types of its own in its *.tables.ts and adds them to a
 * connection with `db.withTables<>()`, so a new feature's table touches nothing here.
 */
/** Migration 0019: Slack's rate budgets, shared by every replica (see src/kernel/slack/pacer.ts). */
export interface SlackRateBucketsTable {
  key: string;
  tokens: number;
  updated_at: Timestamp;
  drained_until: Timestamp | null;
}

export interface DB {
  incident_markers: IncidentMarkersTable;
  outbox: OutboxTable;
  slack_rate_buckets: SlackRateBucketsTable;
  incident_subscribers: IncidentSubscribersTable;
  slack_events: SlackEventsTable;
  incidents: IncidentsTable;
  incident_events: IncidentEventsTable;
  incident_participants: IncidentParticipantsTable;
  incident_roles: IncidentRolesTable;
  incident_members: IncidentMembersTable;
}
