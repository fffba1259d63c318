import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../kernel/db/schema';
import type { RepositoryFactories } from '../../kernel/db/unit-of-work';
import type { FeedbackAnswer, FeedbackRepositories, FeedbackRepository } from './feedback.ports';
import type { FeedbackTables } from './feedback.tables';

export class PgFeedbackRepository implements FeedbackRepository {
  private readonly db: Kysely<DB & FeedbackTables>;

  constructor(db: Kysely<DB> | Transaction<DB>) {
    this.db = db.withTables<FeedbackTables>();
  }

  async request(incidentId: number, users: string[], at: Date): Promise<string[]> {
    if (!users.length) return [];
    // A reopened and closed-again incident asks nobody twice.
    const rows = await this.db
      .insertInto('incident_feedback')
      .values(users.map((user_id) => ({ incident_id: incidentId, user_id, requested_at: at })))
      .onConflict((oc) => oc.columns(['incident_id', 'user_id']).doNothing())
      .returning('user_id')
      .execute();
    return rows.map((r) => r.user_id);
  }

  async asked(incidentId: number, user: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('incident_feedback')
      .select('user_id')
      .where('incident_id', '=', incidentId)
      .where('user_id', '=', user)
      .executeTakeFirst();
    return !!row;
  }

  async answer(incidentId: number, user: string, rating: number, change: string | null, at: Date): Promise<boolean> {
    const res = await this.db
      .updateTable('incident_feedback')
      .set({ rating, change, answered_at: at })
      .where('incident_id', '=', incidentId)
      .where('user_id', '=', user)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  async answers(incidentId: number): Promise<FeedbackAnswer[]> {
    const rows = await this.db
      .selectFrom('incident_feedback')
      .select(['user_id', 'rating', 'change', 'answered_at'])
      .where('incident_id', '=', incidentId)
      .where('answered_at', 'is not', null)
      .orderBy('answered_at')
      .orderBy('user_id')
      .execute();
    return rows.map((row) => ({
      user: row.user_id,
      rating: Number(row.rating),
      change: row.change,
      answeredAt: row.answered_at as Date,
    }));
  }
}

/** Built by the unit of work on each connection and transaction (main.ts passes this). */
export const feedbackRepositories: RepositoryFactories<FeedbackRepositories> = {
  feedback: (db) => new PgFeedbackRepository(db),
};
