-- Every Slack side effect owed after a committed change, written in the same
-- transaction as the change and delivered by a worker: nothing owed is lost to a
-- crash or a Slack outage. `step` is how far delivery of the notice got, so a
-- retry resumes instead of repeating what Slack already has.
CREATE TABLE outbox (
  id           bigserial PRIMARY KEY,
  lane         text NOT NULL,
  notice       jsonb NOT NULL,
  step         integer NOT NULL DEFAULT 0,
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done')),
  due_at       timestamptz NOT NULL,
  attempts     integer NOT NULL DEFAULT 0,
  claim_token  text,
  errors       jsonb NOT NULL DEFAULT '[]',
  created_at   timestamptz NOT NULL,
  done_at      timestamptz
);
-- The head of each lane (one incident's notices, in order) among pending rows.
CREATE INDEX outbox_lane_idx ON outbox (lane, id) WHERE status = 'pending';
CREATE INDEX outbox_due_idx ON outbox (due_at) WHERE status = 'pending';
