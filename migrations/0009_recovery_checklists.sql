-- The recovery guide offered to one incident, at most once: the primary key is the
-- "only once per incident" rule, whether it came at declare time or with a later
-- severity raise. The guide is stored as offered, so a policy edited mid-incident
-- cannot renumber the steps people are ticking.
CREATE TABLE recovery_checklists (
  incident_id  bigint PRIMARY KEY REFERENCES incidents (id),
  guide        jsonb NOT NULL,
  message_ts   text,
  offered_at   timestamptz NOT NULL
);

-- One row per ticked step: a replayed or second click finds the row and changes nothing.
CREATE TABLE recovery_ticks (
  incident_id  bigint NOT NULL REFERENCES recovery_checklists (incident_id),
  step         integer NOT NULL,
  ticked_by    text NOT NULL,
  ticked_at    timestamptz NOT NULL,
  PRIMARY KEY (incident_id, step)
);

-- One row per scheduled plan. `first_seen_at` starts the clock of a plan never
-- drilled; `reminded_slot` is the reminder period (the due time, then every 7 days
-- after it) already sent. Moving it forward with a conditional UPDATE is the claim:
-- the replica whose UPDATE matched enqueues the DMs in the same transaction, so a
-- second replica or a restart finds the period taken and sends nothing.
CREATE TABLE drill_schedules (
  plan_id        text PRIMARY KEY,
  first_seen_at  timestamptz NOT NULL,
  reminded_slot  timestamptz
);
