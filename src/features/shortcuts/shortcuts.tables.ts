import type { Timestamp } from '../../kernel/db/schema';

/** Migration 0026: the message each *Declare incident from this message* form was opened on. */
export interface DeclareSourcesTable {
  view_id: string;
  declarer: string;
  channel_id: string;
  message_ts: string;
  thread_ts: string | null;
  author: string;
  text: string;
  permalink: string | null;
  created_at: Timestamp;
}

/** Migration 0026: the Workflow Builder step executions Firebreak took on. */
export interface WorkflowStepsTable {
  execution_id: string;
  callback_id: string;
  token: string;
  started_at: Timestamp;
  completed_at: Timestamp | null;
}

/** The tables this feature owns (created in migrations/), reached by its repositories through `db.withTables<>()`. */
export type ShortcutsTables = {
  declare_sources: DeclareSourcesTable;
  workflow_steps: WorkflowStepsTable;
};
