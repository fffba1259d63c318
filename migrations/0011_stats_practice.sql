-- When a review was first published, for /incident stats' "time to review":
-- submitted_at moves with every re-publication, so the first one is kept here.
-- A trigger rather than repository code, as with the milestones of 0008: every
-- path that saves a review keeps it without knowing of it.
ALTER TABLE reviews ADD COLUMN first_submitted_at timestamptz;
UPDATE reviews SET first_submitted_at = submitted_at WHERE status = 'submitted';

CREATE FUNCTION review_first_published() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    NEW.first_submitted_at := coalesce(OLD.first_submitted_at, NEW.first_submitted_at);
  END IF;
  IF NEW.status = 'submitted' AND NEW.first_submitted_at IS NULL THEN
    NEW.first_submitted_at := NEW.submitted_at;
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER review_first_published BEFORE INSERT OR UPDATE ON reviews
  FOR EACH ROW EXECUTE FUNCTION review_first_published();

-- The update cadence of /incident stats reads every lifecycle change, note and key
-- message inside each incident's [declared, resolved] window. Once an incident is
-- closed its channel is archived and that window can no longer change, so the gaps
-- between updates are kept on the row at close (policy-free: the severity's
-- updateEvery is applied when the figures are read). Incidents not yet closed are
-- measured from their events and entries as before.
ALTER TABLE incidents ADD COLUMN update_gaps double precision[];

-- Milliseconds between consecutive updates, from the window's start to its end
-- (src/domain/review-metrics.ts computeCadence); null when the window is empty.
CREATE FUNCTION incident_update_gaps(p_id bigint, p_start timestamptz, p_end timestamptz) RETURNS double precision[] AS $$
  SELECT CASE WHEN p_end > p_start THEN (
    SELECT array_agg(gap ORDER BY at) FROM (
      SELECT at, round(date_part('epoch', at - lag(at) OVER (ORDER BY at)) * 1000) AS gap FROM (
        SELECT p_start AS at
        UNION ALL SELECT p_end
        UNION ALL SELECT at FROM incident_events WHERE incident_id = p_id AND at BETWEEN p_start AND p_end
        UNION ALL SELECT at FROM timeline_entries
          WHERE incident_id = p_id AND at BETWEEN p_start AND p_end AND NOT deleted AND (kind = 'note' OR key)
      ) marks
    ) g WHERE gap IS NOT NULL) END
$$ LANGUAGE sql STABLE;

CREATE FUNCTION incident_freeze_gaps() RETURNS trigger AS $$
BEGIN
  NEW.update_gaps := incident_update_gaps(NEW.id, NEW.declared_at, NEW.resolved_at);
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER incident_freeze_gaps BEFORE UPDATE OF status ON incidents
  FOR EACH ROW WHEN (NEW.status = 'closed' AND OLD.status IS DISTINCT FROM 'closed')
  EXECUTE FUNCTION incident_freeze_gaps();

UPDATE incidents SET update_gaps = incident_update_gaps(id, declared_at, resolved_at) WHERE status = 'closed';
