-- Catch-up for late joiners (issue 19): who has been sent an incident's catch-up card on joining its channel, so a
-- redelivered or repeated join event sends it once.
CREATE TABLE catchup_cards (
  incident_id bigint NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  user_id text NOT NULL,
  sent_at timestamptz NOT NULL,
  PRIMARY KEY (incident_id, user_id)
);
