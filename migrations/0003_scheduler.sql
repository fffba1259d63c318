-- When the last human update was posted and when the next one is expected; the
-- update nudge is computed from these.
ALTER TABLE incidents ADD COLUMN last_update_at timestamptz;
ALTER TABLE incidents ADD COLUMN next_update_due timestamptz;
-- False once the commander leaves the channel; assigning a commander sets it again.
ALTER TABLE incidents ADD COLUMN commander_present boolean NOT NULL DEFAULT true;

CREATE TABLE incident_subscribers (
  incident_id    bigint NOT NULL REFERENCES incidents (id),
  user_id        text NOT NULL,
  subscribed_at  timestamptz NOT NULL,
  PRIMARY KEY (incident_id, user_id)
);

-- One row per reminder: its next due time lives here, in the database, so no
-- restart or replica can lose or double it. A claim moves due_at forward by the
-- lease, so claimed rows simply stop being due; the claim token fences a replica
-- whose lease expired.
CREATE TABLE reminders (
  id             bigserial PRIMARY KEY,
  incident_id    bigint NOT NULL REFERENCES incidents (id),
  followup_id    bigint REFERENCES followups (id),
  kind           text NOT NULL CHECK (kind IN ('update_nudge', 'stakeholder_digest', 'commander_nudge', 'review_nudge', 'followup_nudge')),
  due_at         timestamptz NOT NULL,
  active         boolean NOT NULL DEFAULT true,
  fired_count    integer NOT NULL DEFAULT 0,
  total_fired    integer NOT NULL DEFAULT 0,
  last_fired_at  timestamptz,
  snoozed_until  timestamptz,
  claim_token    text,
  attempts       integer NOT NULL DEFAULT 0,
  last_error     text
);
CREATE UNIQUE INDEX reminders_incident_kind_idx ON reminders (incident_id, kind) WHERE followup_id IS NULL;
CREATE UNIQUE INDEX reminders_followup_idx ON reminders (followup_id) WHERE followup_id IS NOT NULL;
-- A tick reads only this: the due, active rows, however many incidents are open.
CREATE INDEX reminders_due_idx ON reminders (due_at) WHERE active;
