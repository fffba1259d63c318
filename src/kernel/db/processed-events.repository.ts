import type { Kysely, Transaction } from 'kysely';
import type { ProcessedEvents } from '../unit-of-work.ports';
import type { DB } from './schema';

export class PgProcessedEvents implements ProcessedEvents {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  async claim(eventId: string, at: Date): Promise<boolean> {
    // A concurrent duplicate waits on the unique key until the first commits, then sees the row.
    const row = await this.db
      .insertInto('slack_events')
      .values({ event_id: eventId, received_at: at })
      .onConflict((oc) => oc.column('event_id').doNothing())
      .returning('event_id')
      .executeTakeFirst();
    return !!row;
  }
}
