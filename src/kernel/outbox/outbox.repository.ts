import { randomUUID } from 'node:crypto';
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { DB, OutboxTable } from '../db/schema';
import { NOTICE_PRIORITY, type Notice, noticeLane } from './notice';
import { decodeNotice, encodeNotice } from './notice-codec';
import type { ClaimedNotice, OutboxRepository } from './outbox.ports';

function toClaimed(row: Selectable<OutboxTable>): ClaimedNotice {
  const claimed = {
    id: Number(row.id),
    lane: row.lane,
    step: row.step,
    attempts: row.attempts,
    unsure: row.unsure,
    claimToken: row.claim_token!,
    since: row.step_since!,
  };
  try {
    return { ...claimed, notice: decodeNotice(row.notice) };
  } catch (e) {
    // One unreadable row must not fail the whole claim: the others are held by it too.
    return { ...claimed, notice: null, undecodable: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * The rows of `outbox o` a claim at `now` may take. Only the head of a lane may be claimed, and a claimed
 * head is not due until its lease ends: so one incident's notices go out in order, one at a time, across replicas.
 */
const claimable = (now: Date) => sql`o.status = 'pending' and o.due_at <= ${now}
  and not exists (select 1 from outbox p where p.lane = o.lane and p.status = 'pending' and p.id < o.id)`;

export class PgOutboxRepository implements OutboxRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  async enqueue(notices: Notice | readonly Notice[], at: Date): Promise<void> {
    const all = ([] as Notice[]).concat(notices as Notice | Notice[]);
    if (!all.length) return;
    // One statement for a batch (a scheduler tick fires hundreds): ids follow the rows' order, so a lane keeps it.
    await this.db
      .insertInto('outbox')
      .values(
        all.map((notice) => ({
          lane: noticeLane(notice),
          notice: encodeNotice(notice),
          priority: NOTICE_PRIORITY[notice.type],
          due_at: at,
          created_at: at,
        })),
      )
      .execute();
  }

  async enqueueCoalesced(notice: Notice, due: Date, at: Date): Promise<boolean> {
    const lane = noticeLane(notice);
    // FOR UPDATE: a claim (FOR UPDATE SKIP LOCKED) passes the waiting row by until this transaction ends, and one
    // that claimed it first has set claim_token, which this reads once that claim commits: then a new one is owed.
    const { rows } = await sql<{ id: string }>`select id from outbox
      where lane = ${lane} and status = 'pending' and claim_token is null and notice->>'type' = ${notice.type}
      limit 1 for update`.execute(this.db);
    if (rows.length) return false;
    await this.db
      .insertInto('outbox')
      .values({
        lane,
        notice: encodeNotice(notice),
        priority: NOTICE_PRIORITY[notice.type],
        due_at: due,
        created_at: at,
      })
      .execute();
    return true;
  }

  async claim(now: Date, leaseMs: number, limit: number): Promise<ClaimedNotice[]> {
    const token = randomUUID();
    const { rows } = await sql<Selectable<OutboxTable>>`
      update outbox set claim_token = ${token}, due_at = ${new Date(now.getTime() + leaseMs)}, attempts = attempts + 1,
        -- Right-hand sides read the row as it was: a claim still held means its holder died mid-step.
        -- Tried before: step_since is set by the first claim. Not attempts, which a paced wait gives back (a
        -- group whose header posted while its invite waited for a token would otherwise post it again).
        unsure = (attempts > 0 or step_since is not null) and (claim_token is not null or not clean_retry),
        -- A row tried before step_since existed: its first try came after it was written.
        step_since = coalesce(step_since, case when attempts > 0 then created_at else now() end)
      where id in (
        select o.id from outbox o
        where ${claimable(now)}
        -- What a person waits for first; within a priority, the order the notices were owed in.
        order by o.priority, o.id
        limit ${limit}
        for update skip locked
      )
      returning *`.execute(this.db);
    return rows.map(toClaimed);
  }

  async advance(claimed: ClaimedNotice, step: number, leaseUntil: Date, error?: string): Promise<boolean> {
    const r = await this.db
      .updateTable('outbox')
      // attempts restarts at 1 for the next step (the current claim): its backoff starts
      // small again, and a holder dying now still leaves attempts > 0, so the next claim is unsure.
      .set({
        step,
        attempts: 1,
        due_at: leaseUntil,
        step_since: sql`now()`,
        ...(error ? { errors: sql`errors || ${JSON.stringify([error])}::jsonb` } : {}),
      })
      .where('id', '=', claimed.id)
      .where('claim_token', '=', claimed.claimToken)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async finish(claimed: ClaimedNotice, at: Date): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ status: 'done', done_at: at, claim_token: null })
      .where('id', '=', claimed.id)
      .where('claim_token', '=', claimed.claimToken)
      .execute();
  }

  async retryAt(claimed: ClaimedNotice, due: Date, error: string, clean: boolean, paced = false): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({
        due_at: due,
        claim_token: null,
        clean_retry: clean,
        // Waiting for our own token is not a failed attempt: it must not bring the dead letter closer.
        ...(paced
          ? { attempts: sql`greatest(0, attempts - 1)` }
          : { errors: sql`errors || ${JSON.stringify([error])}::jsonb` }),
      })
      .where('id', '=', claimed.id)
      .where('claim_token', '=', claimed.claimToken)
      .execute();
  }

  async deadLetter(claimed: ClaimedNotice, at: Date, error: string): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ status: 'dead', done_at: at, claim_token: null, errors: sql`errors || ${JSON.stringify([error])}::jsonb` })
      .where('id', '=', claimed.id)
      .where('claim_token', '=', claimed.claimToken)
      .execute();
  }

  async claimableBy(now: Date): Promise<number> {
    // A notice behind a lane head that waits out a retry is not counted: no claim could take it yet.
    const { rows } = await sql<{ n: string }>`select count(*) as n from outbox o where ${claimable(now)}`.execute(
      this.db,
    );
    return Number(rows[0].n);
  }
}
