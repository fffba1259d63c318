-- Set when Slack says the incident's channel no longer exists (channel_not_found:
-- deleted by an admin, or a sandbox workspace lost). Its channel reminders stop,
-- and lists show "channel deleted" instead of a link to nowhere.
ALTER TABLE incidents ADD COLUMN channel_gone_at timestamptz;
