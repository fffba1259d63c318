-- A due reminder is now claimed, decided and recorded in one transaction that also
-- writes its notice to the outbox (row locks, SKIP LOCKED), and the outbox delivers
-- it: the reminders' own lease, retry count and last error have no use left.
-- A row an older build left claimed keeps its due time (the lease end) and is
-- simply due again then.
ALTER TABLE reminders DROP COLUMN claim_token;
ALTER TABLE reminders DROP COLUMN attempts;
ALTER TABLE reminders DROP COLUMN last_error;
