-- The wiki page (Confluence) an incident's published review is exported to (src/features/review-export). One row per
-- incident: `page_id` is stored on the first success, so every later publish updates that page rather than create
-- another. `notice`: the outbox notice that settled the row last; its steps act only while it owns the row, so a
-- retried step tells the channel once. `outcome`: published (page_id, version and url are the page's), refused
-- (`refused`: what Confluence said) or withheld (a private incident: the wiki is company-wide, nothing was sent).
CREATE TABLE review_wiki_pages (
  incident_id bigint PRIMARY KEY REFERENCES incidents(id) ON DELETE CASCADE,
  notice      text NOT NULL,
  outcome     text NOT NULL CHECK (outcome IN ('published', 'refused', 'withheld')),
  page_id     text,
  title       text,
  version     integer,
  url         text,
  refused     text,
  updated_at  timestamptz NOT NULL
);
