import type { Kysely } from 'kysely';
import type { DB } from '../../src/kernel/db/schema';

/** Notices the outbox still owes, retries backing off included (bot.idle() waits only for those due now). */
export async function pendingNotices(db: Kysely<DB>): Promise<number> {
  const r = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
