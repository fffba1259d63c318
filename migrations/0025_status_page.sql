-- The public status page (src/features/status-page). One row per incident that has a public incident on the
-- page: `public_id` and `shortlink` are Statuspage's, stored on the first success (a retry after a lost answer
-- finds the incident by its name instead); `last_status`: the last status Statuspage accepted.
CREATE TABLE status_page_incidents (
  incident_id bigint PRIMARY KEY REFERENCES incidents(id) ON DELETE CASCADE,
  page_id     text NOT NULL,
  public_id   text NOT NULL,
  shortlink   text,
  last_status text NOT NULL
);

-- Every public post asked for, in order: what it said, with which status and component status, who asked and
-- when. `notice`: the outbox notice delivering it (set on its first attempt; `attempted` then tells a retry to
-- look at the page before posting again). `published_at` once Statuspage took it; `refused`: what Statuspage
-- said when it refused it for good. `recorded`: it is in the incident's timeline.
CREATE TABLE status_page_posts (
  id               bigserial PRIMARY KEY,
  incident_id      bigint NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  message          text NOT NULL,
  status           text NOT NULL,
  component_status text,
  components       text[] NOT NULL DEFAULT '{}',
  actor            text NOT NULL,
  requested_at     timestamptz NOT NULL,
  notice           text,
  attempted        boolean NOT NULL DEFAULT false,
  published_at     timestamptz,
  refused          text,
  recorded         boolean NOT NULL DEFAULT false
);
CREATE INDEX status_page_posts_incident ON status_page_posts (incident_id, id);
