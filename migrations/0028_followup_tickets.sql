-- One row per follow-up that is (or was to be) a ticket in the policy's tracker (src/features/tickets).
-- `notice`: the outbox notice that claimed the creation; its steps act only while it owns the row, so a retried
-- step or a second replica never creates twice (and a retry after a lost answer looks the ticket up first).
-- `state`: pending (claimed, no ticket known yet), open, done (closed in the tracker or in Slack), refused (the
-- tracker refused it for good: `refused` says why). `synced_at`: when the tracker was last read or written for it.
CREATE TABLE followup_tickets (
  followup_id  bigint PRIMARY KEY REFERENCES followups(id) ON DELETE CASCADE,
  tracker      text NOT NULL,
  notice       text NOT NULL,
  state        text NOT NULL DEFAULT 'pending',
  ticket_id    text,
  ticket_key   text,
  ticket_url   text,
  refused      text,
  created_at   timestamptz NOT NULL,
  synced_at    timestamptz
);
-- An inbound webhook names the ticket by the tracker's id.
CREATE UNIQUE INDEX followup_tickets_ticket ON followup_tickets (tracker, ticket_id) WHERE ticket_id IS NOT NULL;
-- The reconcile pass reads the open ones, least recently synced first.
CREATE INDEX followup_tickets_open ON followup_tickets (synced_at NULLS FIRST) WHERE state = 'open';

-- When each tracker's reconcile pass last ran: a replica runs it only when it claims the row, so two replicas
-- (or a restart) read the tracker once per `reconcileEvery`.
CREATE TABLE ticket_reconciles (
  tracker  text PRIMARY KEY,
  ran_at   timestamptz NOT NULL
);
