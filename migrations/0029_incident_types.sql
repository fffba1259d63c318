-- Incident types and custom fields (issue 19). `incident_type`: a name in the policy's `types` (null: untyped).
-- `fields`: the type's custom field values as JSON, each `{label, kind, value}` keyed by field key; checked against
-- the policy by the application at every write, and kept with its label so a field the policy later drops stays
-- readable.
ALTER TABLE incidents
  ADD COLUMN incident_type text,
  ADD COLUMN fields jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(fields) = 'object');

CREATE INDEX incidents_incident_type ON incidents (incident_type) WHERE incident_type IS NOT NULL;

-- Roles from the policy's `roles` beyond commander, comms and scribe (which stay columns of incidents): who holds
-- each, one person per role and incident.
CREATE TABLE incident_roles (
  incident_id bigint NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  role text NOT NULL,
  user_id text NOT NULL,
  assigned_at timestamptz NOT NULL,
  PRIMARY KEY (incident_id, role)
);
