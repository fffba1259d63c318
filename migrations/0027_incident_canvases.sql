-- The incident canvas (src/features/canvas): each incident channel's canvas, stored the first time Slack names it,
-- so a later refresh edits it rather than creating another.
CREATE TABLE incident_canvases (
  incident_id  bigint PRIMARY KEY REFERENCES incidents (id) ON DELETE CASCADE,
  canvas_id    text NOT NULL,
  created_at   timestamptz NOT NULL,
  edited_at    timestamptz
);

-- A workspace that refused canvases (a free plan, canvases turned off, a missing scope): recorded once, so every
-- later incident keeps to the pinned header without asking again. Only a process started before `refused_at`
-- holds to it: a restart (after a plan or scope change) tries once more.
CREATE TABLE canvas_refusals (
  team_id     text PRIMARY KEY,
  error       text NOT NULL,
  refused_at  timestamptz NOT NULL
);
