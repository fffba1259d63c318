-- The one announcement each incident has in the announcement channel, edited in
-- place as the incident changes; its changes go in its thread. The channel is
-- kept with the ts: the policy may name another channel later, and an edit must
-- reach the message where it was posted.
ALTER TABLE incidents ADD COLUMN announcement_channel text;
ALTER TABLE incidents ADD COLUMN announcement_ts text;
-- The update nudge still waiting for an answer: the next one replaces it, so the
-- channel never holds a pile of stale nudges with live buttons.
ALTER TABLE incidents ADD COLUMN update_nudge_ts text;
