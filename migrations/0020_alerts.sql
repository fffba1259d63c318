-- Alerts in (issue 17): an incident remembers the alert group that opened it, and a group has at most one
-- open incident at a time. "Open" is the same list as OPEN_STATUSES (a reservation still waiting for its
-- channel is in triage, so it counts): a second delivery for the group, or a second replica declaring it,
-- fails this index instead of declaring twice.
ALTER TABLE incidents
  ADD COLUMN alert_source text,
  ADD COLUMN alert_group text,
  ADD COLUMN alert_name text,
  ADD COLUMN alert_url text;

CREATE UNIQUE INDEX incidents_open_alert_group ON incidents (alert_source, alert_group)
  WHERE alert_group IS NOT NULL AND status IN ('triage', 'investigating', 'identified', 'monitoring');

-- Each delivery a source made, by its id (Standard Webhooks' webhook-id) or the digest of its body: a sender
-- retrying one it thinks failed finds it here and changes nothing.
CREATE TABLE alert_deliveries (
  source text NOT NULL,
  delivery text NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (source, delivery)
);

-- declare: ask. The alert posted in the announcement channel with Declare incident / Dismiss, until someone
-- decides or the alert resolves; at most one undecided prompt per group, so repeated firings prompt nobody again.
CREATE TABLE alert_prompts (
  id bigserial PRIMARY KEY,
  source text NOT NULL,
  group_key text NOT NULL,
  draft jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'declared', 'dismissed', 'resolved')),
  decided_by text,
  decided_at timestamptz,
  channel_id text,
  message_ts text
);

CREATE UNIQUE INDEX alert_prompts_open_group ON alert_prompts (source, group_key) WHERE state = 'open';
