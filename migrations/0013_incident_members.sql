-- Who is in an incident's channel, as Slack's member_joined_channel and
-- member_left_channel events say. A private incident belongs to the people in
-- its channel: someone who left or was removed stops seeing it at once, so
-- every path that shows it (lists, Home, stats, DMs, nudges) reads this table.
-- event_ts orders the events: a late or replayed one never undoes a newer one.
CREATE TABLE incident_members (
  incident_id  bigint NOT NULL REFERENCES incidents (id),
  user_id      text NOT NULL,
  in_channel   boolean NOT NULL,
  event_ts     numeric NOT NULL,
  PRIMARY KEY (incident_id, user_id)
);

-- Who wrote in an incident's channel took part in it; this finds them without
-- reading its whole timeline.
CREATE INDEX timeline_entries_author_idx ON timeline_entries (incident_id, author);
