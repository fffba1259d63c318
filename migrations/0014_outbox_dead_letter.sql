-- A notice whose step kept failing for about a day, or that cannot be read back,
-- is set aside as 'dead' so the later notices of its lane still go out.
ALTER TABLE outbox DROP CONSTRAINT outbox_status_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_status_check CHECK (status IN ('pending', 'done', 'dead'));
CREATE INDEX outbox_dead_idx ON outbox (id) WHERE status = 'dead';

-- When the step at hand was first tried, by the database's (wall) clock, the one
-- Slack's message timestamps follow: a retry unsure whether its post landed looks
-- through the history from there, not only through the latest page.
ALTER TABLE outbox ADD COLUMN step_since timestamptz;
