-- The audit log is the incident_events table: each state change with its actor
-- and time, and now the incident's state just before and just after it.
ALTER TABLE incident_events ADD COLUMN before jsonb;
ALTER TABLE incident_events ADD COLUMN after jsonb;
