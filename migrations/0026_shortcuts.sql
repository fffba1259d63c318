-- Declare from anywhere (issue 19).
-- declare_sources: the message a *Declare incident from this message* form was opened on, as the signed shortcut
-- payload carried it, keyed by the form's view id (never by what the form's metadata says). The declaration keyed by
-- that view id starts its timeline with the message once Slack confirms the declarer may see it.
CREATE TABLE declare_sources (
  view_id text PRIMARY KEY,
  declarer text NOT NULL,
  channel_id text NOT NULL,
  message_ts text NOT NULL,
  thread_ts text,
  author text NOT NULL,
  text text NOT NULL,
  permalink text,
  created_at timestamptz NOT NULL
);

-- workflow_steps: one row per Workflow Builder step execution (function_execution_id) Firebreak has taken on, with
-- the short-lived workflow token that completes it. completed_at is set in the transaction that queues the
-- completion, so a redelivered function_executed event completes nothing twice.
CREATE TABLE workflow_steps (
  execution_id text PRIMARY KEY,
  callback_id text NOT NULL,
  token text NOT NULL,
  started_at timestamptz NOT NULL,
  completed_at timestamptz
);
