-- Firebreak paces its own Slack calls with token buckets that every replica shares
-- (src/kernel/slack/rate-limits.ts holds the table). `updated_at` is when `tokens` was
-- counted. `drained_until`: a 429's Retry-After runs until then, and nothing is taken
-- before it. A clock found behind `updated_at` (a restart with another clock) refills
-- nothing until it catches up, and takes what is there.
CREATE TABLE slack_rate_buckets (
  key           text PRIMARY KEY,
  tokens        double precision NOT NULL,
  updated_at    timestamptz NOT NULL,
  drained_until timestamptz
);

-- Takes one token from every bucket named, or from none (a post needs its channel's
-- bucket and the workspace's): returns 0 when taken, else how many ms until each has
-- one above its reserve. A bucket never seen starts full. The rows are locked in key
-- order, so two callers naming the same buckets cannot deadlock. `t`: the caller's clock.
CREATE FUNCTION slack_take_token(keys text[], capacities float8[], per_ms float8[], reserves float8[], t timestamptz)
RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE
  have float8[] := '{}';
  wait float8 := 0;
  b record;
  i int;
BEGIN
  INSERT INTO slack_rate_buckets (key, tokens, updated_at)
    SELECT k, c, t FROM unnest(keys, capacities) AS u(k, c) ORDER BY k
    ON CONFLICT (key) DO NOTHING;
  PERFORM 1 FROM slack_rate_buckets WHERE key = ANY (keys) ORDER BY key FOR UPDATE;
  FOR i IN 1 .. array_length(keys, 1) LOOP
    SELECT tokens, updated_at, drained_until INTO b FROM slack_rate_buckets WHERE key = keys[i];
    IF t < b.drained_until THEN
      have[i] := b.tokens;
      wait := greatest(wait,
        extract(epoch FROM b.drained_until - t) * 1000 + greatest(0, 1 + reserves[i] - b.tokens) / per_ms[i]);
    ELSE
      have[i] := least(capacities[i],
        b.tokens + greatest(0, extract(epoch FROM t - b.updated_at) * 1000) * per_ms[i]);
      IF have[i] < 1 + reserves[i] THEN
        wait := greatest(wait, (1 + reserves[i] - have[i]) / per_ms[i]);
      END IF;
    END IF;
  END LOOP;
  IF wait > 0 THEN
    RETURN wait;
  END IF;
  FOR i IN 1 .. array_length(keys, 1) LOOP
    UPDATE slack_rate_buckets SET tokens = have[i] - 1, updated_at = t, drained_until = NULL WHERE key = keys[i];
  END LOOP;
  RETURN 0;
END $$;

-- What a person waits for (0) is claimed before the rest (1), and digests and nudges (2) last.
ALTER TABLE outbox ADD COLUMN priority smallint NOT NULL DEFAULT 1;
CREATE INDEX outbox_priority_idx ON outbox (priority, id) WHERE status = 'pending';
