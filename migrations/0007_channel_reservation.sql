-- An incident is reserved (numbered and recorded) before Slack is asked for its
-- channel, so a slow or rate-limited Slack never loses a declaration and a replay
-- never makes a second channel. Until the channel exists, channel_id is null and
-- channel_due_at says when the worker may next try to create it; a claim moves it
-- forward by a lease, and channel_claim fences a worker whose lease expired.
ALTER TABLE incidents ALTER COLUMN channel_id DROP NOT NULL;
ALTER TABLE incidents ADD COLUMN channel_due_at timestamptz;
ALTER TABLE incidents ADD COLUMN channel_attempts integer NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN channel_claim text;
-- Where the declarer is told the outcome (ReplyTarget as JSON) once the worker gets there.
ALTER TABLE incidents ADD COLUMN declare_reply jsonb;
ALTER TABLE incidents ADD CONSTRAINT incidents_channel_or_pending CHECK (channel_id IS NOT NULL OR channel_due_at IS NOT NULL);
CREATE INDEX incidents_channel_pending_idx ON incidents (channel_due_at) WHERE channel_id IS NULL;

-- Whether the last failed attempt surely left Slack untouched (a 429 is refused
-- before it is processed). A retry after anything else (a timeout, a 5xx, a crash)
-- must check whether its post already landed before posting again.
ALTER TABLE outbox ADD COLUMN clean_retry boolean NOT NULL DEFAULT true;
ALTER TABLE outbox ADD COLUMN unsure boolean NOT NULL DEFAULT false;
