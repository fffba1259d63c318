-- Drills run the same flow as real incidents; this flag keeps them out of
-- announcements and metrics. `drill_plan` names the policy plan a drill exercised.
ALTER TABLE incidents ADD COLUMN is_drill boolean NOT NULL DEFAULT false;
ALTER TABLE incidents ADD COLUMN drill_plan text;
CREATE INDEX incidents_drill_plan_idx ON incidents (drill_plan, declared_at) WHERE is_drill;

-- One row per participant asked for feedback when an incident closes; the answer
-- columns stay null until they reply, so the ask itself is recorded exactly once.
CREATE TABLE incident_feedback (
  incident_id   bigint NOT NULL REFERENCES incidents (id),
  user_id       text NOT NULL,
  requested_at  timestamptz NOT NULL,
  rating        smallint CHECK (rating BETWEEN 1 AND 5),
  change        text,
  answered_at   timestamptz,
  PRIMARY KEY (incident_id, user_id)
);
