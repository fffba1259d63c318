-- Milestones for /incident stats, kept on the incident row so the figures are
-- plain aggregates over one table instead of a scan of every event. Definitions
-- match src/domain/review-metrics.ts: acknowledged = first move out of triage
-- that is not a cancellation; mitigated = first move to monitoring.
ALTER TABLE incidents ADD COLUMN acknowledged_at timestamptz;
ALTER TABLE incidents ADD COLUMN mitigated_at timestamptz;

UPDATE incidents i SET
  acknowledged_at = m.ack,
  mitigated_at = m.mit
FROM (
  SELECT incident_id,
         min(at) FILTER (WHERE data->>'from' = 'triage' AND data->>'to' <> 'cancelled') AS ack,
         min(at) FILTER (WHERE data->>'to' = 'monitoring') AS mit
  FROM incident_events WHERE kind = 'status' GROUP BY incident_id
) m
WHERE m.incident_id = i.id;

-- A trigger rather than repository code: every path that records a status event
-- (commands, modals, replays) keeps the milestones current without knowing of them.
CREATE FUNCTION incident_milestones() RETURNS trigger AS $$
BEGIN
  IF NEW.kind = 'status' THEN
    UPDATE incidents SET
      acknowledged_at = CASE
        WHEN NEW.data->>'from' = 'triage' AND NEW.data->>'to' <> 'cancelled'
          THEN LEAST(coalesce(acknowledged_at, NEW.at), NEW.at) ELSE acknowledged_at END,
      mitigated_at = CASE
        WHEN NEW.data->>'to' = 'monitoring'
          THEN LEAST(coalesce(mitigated_at, NEW.at), NEW.at) ELSE mitigated_at END
    WHERE id = NEW.incident_id;
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER incident_milestones AFTER INSERT ON incident_events
  FOR EACH ROW EXECUTE FUNCTION incident_milestones();

CREATE INDEX IF NOT EXISTS incidents_declared_at_idx ON incidents (declared_at);
CREATE INDEX IF NOT EXISTS followups_incident_idx ON followups (incident_id);
CREATE INDEX IF NOT EXISTS incident_participants_user_idx ON incident_participants (user_id, incident_id);
