ALTER TABLE incidents ADD COLUMN closed_at timestamptz;

-- Slack retries events and may deliver one twice at once: the first insert of an
-- event_id wins, in the same transaction as its effect, so a failed attempt
-- leaves no trace and the retry is processed.
CREATE TABLE slack_events (
  event_id     text PRIMARY KEY,
  received_at  timestamptz NOT NULL
);

-- Messages and notes as they happened in the incident channel; lifecycle changes
-- stay in incident_events and are merged in when the timeline is read.
CREATE TABLE timeline_entries (
  id           bigserial PRIMARY KEY,
  incident_id  bigint NOT NULL REFERENCES incidents (id),
  kind         text NOT NULL CHECK (kind IN ('message', 'note')),
  author       text NOT NULL,
  text         text NOT NULL,
  at           timestamptz NOT NULL,
  slack_ts     text,
  thread_ts    text,
  key          boolean NOT NULL DEFAULT false,
  key_reason   text CHECK (key_reason IN ('pin', 'reaction', 'shortcut', 'note')),
  edited       boolean NOT NULL DEFAULT false,
  deleted      boolean NOT NULL DEFAULT false,
  UNIQUE (incident_id, slack_ts)
);
CREATE INDEX timeline_entries_incident_idx ON timeline_entries (incident_id, at, id);

CREATE TABLE reviews (
  incident_id     bigint PRIMARY KEY REFERENCES incidents (id),
  answers         jsonb NOT NULL,
  status          text NOT NULL CHECK (status IN ('draft', 'submitted')),
  document        text,
  updated_by      text NOT NULL,
  updated_at      timestamptz NOT NULL,
  submitted_at    timestamptz,
  file_id         text,
  file_permalink  text
);

CREATE TABLE followups (
  id           bigserial PRIMARY KEY,
  incident_id  bigint NOT NULL REFERENCES incidents (id),
  text         text NOT NULL,
  owner        text,
  due          date,
  status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  source       text NOT NULL CHECK (source IN ('command', 'review')),
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL,
  done_by      text,
  done_at      timestamptz
);
-- Submitting the review again must not duplicate its action items.
CREATE UNIQUE INDEX followups_review_item_idx ON followups (incident_id, text) WHERE source = 'review';
CREATE INDEX followups_incident_idx ON followups (incident_id, id);
CREATE INDEX followups_open_due_idx ON followups (due) WHERE status = 'open';
