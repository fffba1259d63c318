import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Followup } from '../../domain/followup';
import type { DB, FollowupsTable } from '../../kernel/db/schema';
import type { RepositoryFactories } from '../../kernel/db/unit-of-work';
import type { FollowupRepositories, FollowupRepository } from './followups.ports';

function toFollowup(r: Selectable<FollowupsTable>): Followup {
  return {
    id: Number(r.id),
    incidentId: Number(r.incident_id),
    text: r.text,
    owner: r.owner,
    due: r.due,
    status: r.status === 'done' ? 'done' : 'open',
    source: r.source === 'review' ? 'review' : 'command',
    createdBy: r.created_by,
    createdAt: r.created_at,
    doneBy: r.done_by,
    doneAt: r.done_at,
  };
}

export class PgFollowupRepository implements FollowupRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  async add(f: Omit<Followup, 'id' | 'status' | 'doneBy' | 'doneAt'>): Promise<Followup | undefined> {
    const row = await this.db
      .insertInto('followups')
      .values({
        incident_id: f.incidentId,
        text: f.text,
        owner: f.owner,
        due: f.due,
        source: f.source,
        created_by: f.createdBy,
        created_at: f.createdAt,
      })
      // Only review items have a unique key (see migration 0002): re-submitting a review adds nothing twice.
      .onConflict((oc) => oc.columns(['incident_id', 'text']).where('source', '=', 'review').doNothing())
      .returningAll()
      .executeTakeFirst();
    return row && toFollowup(row);
  }

  async forIncident(incidentId: number): Promise<Followup[]> {
    const rows = await this.db
      .selectFrom('followups')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .orderBy('id')
      .execute();
    return rows.map(toFollowup);
  }

  async get(id: number): Promise<Followup | undefined> {
    const row = await this.db.selectFrom('followups').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toFollowup(row);
  }

  async getMany(ids: number[]): Promise<Map<number, Followup>> {
    if (!ids.length) return new Map();
    const rows = await this.db.selectFrom('followups').selectAll().where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [Number(r.id), toFollowup(r)]));
  }

  async openOwnedBy(user: string): Promise<Followup[]> {
    const rows = await this.db
      .selectFrom('followups')
      .selectAll()
      .where('owner', '=', user)
      .where('status', '=', 'open')
      .orderBy(sql`due asc nulls last`)
      .orderBy('id')
      .execute();
    return rows.map(toFollowup);
  }

  async markDone(id: number, user: string, at: Date): Promise<Followup | undefined> {
    const row = await this.db
      .updateTable('followups')
      .set({ status: 'done', done_by: user, done_at: at })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .returningAll()
      .executeTakeFirst();
    return row && toFollowup(row);
  }
}

/** Built by the unit of work on each connection and transaction (main.ts passes this). */
export const followupRepositories: RepositoryFactories<FollowupRepositories> = {
  followups: (db) => new PgFollowupRepository(db),
};
