-- Incident numbers come from a sequence: never reused (a rolled-back declare burns
-- its number), never duplicated, even for two declarations in the same millisecond.
CREATE SEQUENCE incident_number_seq;

CREATE TABLE incidents (
  id            bigserial PRIMARY KEY,
  number        integer NOT NULL UNIQUE,
  title         text NOT NULL,
  summary       text NOT NULL DEFAULT '',
  severity      text CHECK (severity IN ('SEV1', 'SEV2', 'SEV3', 'SEV4')),
  category      text,
  status        text NOT NULL CHECK (status IN ('triage', 'investigating', 'identified', 'monitoring', 'resolved', 'closed', 'cancelled')),
  is_private    boolean NOT NULL,
  commander_id  text,
  comms_id      text,
  scribe_id     text,
  declared_by   text NOT NULL,
  declared_at   timestamptz NOT NULL,
  channel_id    text NOT NULL UNIQUE,
  channel_name  text NOT NULL,
  header_ts     text,
  declare_key   text UNIQUE,
  updated_at    timestamptz NOT NULL,
  resolved_at   timestamptz
);

-- Open incidents are few among many finished ones; list and scheduler scans use this.
CREATE INDEX incidents_open_idx ON incidents (number) WHERE status NOT IN ('resolved', 'closed', 'cancelled');

-- Every change with its actor and time: the timeline's and the audit log's source.
CREATE TABLE incident_events (
  id           bigserial PRIMARY KEY,
  incident_id  bigint NOT NULL REFERENCES incidents (id),
  kind         text NOT NULL,
  actor        text NOT NULL,
  at           timestamptz NOT NULL,
  data         jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX incident_events_incident_idx ON incident_events (incident_id, at, id);

CREATE TABLE incident_participants (
  incident_id  bigint NOT NULL REFERENCES incidents (id),
  user_id      text NOT NULL,
  added_at     timestamptz NOT NULL,
  PRIMARY KEY (incident_id, user_id)
);
CREATE INDEX incident_participants_user_idx ON incident_participants (user_id);
