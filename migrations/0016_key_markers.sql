-- Who pinned a message of an incident's channel or put a :pushpin: on it. They
-- took part as much as someone who wrote, so they are among its participants
-- (src/domain/visibility.ts); one row per person, from their first mark.
CREATE TABLE incident_markers (
  incident_id  bigint NOT NULL REFERENCES incidents (id),
  user_id      text NOT NULL,
  first_at     timestamptz NOT NULL,
  PRIMARY KEY (incident_id, user_id)
);
