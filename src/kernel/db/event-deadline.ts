import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from './schema';

/**
 * How long storing one Slack event may wait on the database. Slack waits 3 s for
 * the answer and then delivers the event again; past that, waiting (on a lock held
 * by a migration, a slow disk) only holds a connection for an answer nobody reads.
 * Failing in time answers 500, and the redelivery finds the event stored or not.
 */
export const EVENT_STATEMENT_TIMEOUT_MS = 2000;

/** Runs `fn` with the statement timeout above; inside a caller's transaction, under the caller's. */
export async function withinEventDeadline<T>(
  db: Kysely<DB> | Transaction<DB>,
  fn: (db: Kysely<DB>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return fn(db);
  return db.transaction().execute(async (tx) => {
    await sql`select set_config('statement_timeout', ${String(EVENT_STATEMENT_TIMEOUT_MS)}, true)`.execute(tx);
    return fn(tx);
  });
}
