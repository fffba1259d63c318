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

export interface TimelineEntriesTable {
  id: Generated<number>;
  incident_id: number;
  kind: string;
  author: string;
  text: string;
  at: Timestamp;
  slack_ts: string | null;
  thread_ts: string | null;
  key: Generated<boolean>;
  key_reason: string | null;
  edited: Generated<boolean>;
  deleted: Generated<boolean>;
  arrived: Generated<boolean>;
  edited_ts: string | null;
}

export interface ReviewsTable {
  incident_id: number;
  answers: ColumnType<unknown, string, string>;
  status: string;
  document: string | null;
  updated_by: string;
  updated_at: Timestamp;
  submitted_at: Timestamp | null;
  /** Set by a trigger (migration 0011) on the first publication; never moved after. */
  first_submitted_at: Generated<Timestamp | null>;
  file_id: string | null;
  file_permalink: string | null;
  upload_key: Generated<string | null>;
  upload_file_id: Generated<string | null>;
}

export interface FollowupsTable {
  id: Generated<number>;
  incident_id: number;
  text: string;
  owner: string | null;
  /** `YYYY-MM-DD`; read back as text (see connect.ts type parser) so no time zone shifts it. */
  due: string | null;
  status: Generated<string>;
  source: string;
  created_by: string;
  created_at: Timestamp;
  done_by: string | null;
  done_at: Timestamp | null;
}

export interface IncidentSubscribersTable {
  incident_id: number;
  user_id: string;
  subscribed_at: Timestamp;
}

export interface RemindersTable {
  id: Generated<number>;
  incident_id: number;
  followup_id: number | null;
  kind: string;
  due_at: Timestamp;
  active: Generated<boolean>;
  fired_count: Generated<number>;
  total_fired: Generated<number>;
  last_fired_at: Timestamp | null;
  snoozed_until: Timestamp | null;
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
  created_at: Timestamp;
  done_at: Timestamp | null;
}

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

export interface IncidentFeedbackTable {
  incident_id: number;
  user_id: string;
  requested_at: Timestamp;
  rating: number | null;
  change: string | null;
  answered_at: Timestamp | null;
}

export interface IncidentMarkersTable {
  incident_id: number;
  user_id: string;
  first_at: Timestamp;
}

export interface DB {
  incident_markers: IncidentMarkersTable;
  drill_schedules: DrillSchedulesTable;
  recovery_checklists: RecoveryChecklistsTable;
  recovery_ticks: RecoveryTicksTable;
  incident_feedback: IncidentFeedbackTable;
  outbox: OutboxTable;
  incident_subscribers: IncidentSubscribersTable;
  reminders: RemindersTable;
  slack_events: SlackEventsTable;
  timeline_entries: TimelineEntriesTable;
  reviews: ReviewsTable;
  followups: FollowupsTable;
  incidents: IncidentsTable;
  incident_events: IncidentEventsTable;
  incident_participants: IncidentParticipantsTable;
  incident_members: IncidentMembersTable;
}
