-- One row per incident and paging service (src/features/paging). `notice`: the outbox notice that paged it last;
-- that notice's steps act only while it still owns the row, so a retried step, a second replica or a later
-- automatic page for a service already paged changes nothing twice. `open`: the service holds an open alert
-- for the incident (resolved when it ends). `refused`: what the service said when it refused the page.
-- `recorded`: the page is in the incident's timeline.
CREATE TABLE incident_pages (
  incident_id bigint NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  service     text NOT NULL,
  notice      text NOT NULL,
  open        boolean NOT NULL DEFAULT false,
  paged_at    timestamptz,
  refused     text,
  recorded    boolean NOT NULL DEFAULT false,
  PRIMARY KEY (incident_id, service)
);
