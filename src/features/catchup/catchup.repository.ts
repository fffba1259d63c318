import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../kernel/db/schema';
import type { RepositoryFactories } from '../../kernel/db/unit-of-work';
import type { CatchupCardRepository, CatchupRepositories } from './catchup.ports';
import type { CatchupTables } from './catchup.tables';

class PgCatchupCardRepository implements CatchupCardRepository {
  private readonly db: Kysely<DB & CatchupTables>;

  constructor(db: Kysely<DB> | Transaction<DB>) {
    this.db = db.withTables<CatchupTables>();
  }

  async claim(incidentId: number, user: string, at: Date): Promise<boolean> {
    const row = await this.db
      .insertInto('catchup_cards')
      .values({ incident_id: incidentId, user_id: user, sent_at: at })
      .onConflict((oc) => oc.columns(['incident_id', 'user_id']).doNothing())
      .returning('incident_id')
      .executeTakeFirst();
    return row !== undefined;
  }
}

export const catchupRepositories: RepositoryFactories<CatchupRepositories> = {
  catchupCards: (db) => new PgCatchupCardRepository(db),
};
