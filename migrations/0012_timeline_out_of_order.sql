-- An edit or a deletion can come before its message: the message's first delivery
-- failed and Slack sends it again later. The change is kept on the row of the
-- message's (incident, slack_ts), not yet `arrived`, and the message fills that row
-- in when it comes. Both sides write through the same unique key, so whichever
-- comes second waits for the first to commit and sees it: neither is lost.
ALTER TABLE timeline_entries ADD COLUMN arrived boolean NOT NULL DEFAULT true;

-- The Slack ts of the edit whose text the row holds: edits are retried on their
-- own schedule, so the newest by this ts wins, not the last to arrive.
ALTER TABLE timeline_entries ADD COLUMN edited_ts numeric;
