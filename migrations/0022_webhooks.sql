-- A webhook endpoint that answered 410 Gone is not called again while its policy
-- entry is the same (policy_hash); a changed entry is tried again.
CREATE TABLE webhook_endpoint_disabled (
  name         text PRIMARY KEY,
  policy_hash  text NOT NULL,
  disabled_at  timestamptz NOT NULL,
  reason       text NOT NULL
);
