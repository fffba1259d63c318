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
