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
