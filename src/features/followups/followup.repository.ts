import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Followup } from '../../domain/followup';
import type { DB } from '../../kernel/db/schema';
import type { RepositoryFactories } from '../../kernel/db/unit-of-work';
import type { TicketTables } from '../tickets/tickets.tables';
import type { FollowupRepositories, FollowupRepository } from './followups.ports';
import type { FollowupsTable, FollowupTables } from './followups.tables';

type TicketColumns = { ticket_key: string | null; ticket_url: string | null };

function toFollowup(row: Selectable<FollowupsTable> & Partial<TicketColumns>): Followup {
  return {
    id: Number(row.id),
    incidentId: Number(row.incident_id),
    text: row.text,
    owner: row.owner,
    due: row.due,
    status: row.status === 'done' ? 'done' : 'open',
    source: row.source === 'review' ? 'review' : 'command',
    createdBy: row.created_by,
    createdAt: row.created_at,
    doneBy: row.done_by,
    doneAt: row.done_at,
    ...(row.ticket_key !== undefined
      ? { ticket: row.ticket_key && row.ticket_url ? { key: row.ticket_key, url: row.ticket_url } : null }
      : {}),
  };
}

export class PgFollowupRepository implements FollowupRepository {
  private readonly db: Kysely<DB & FollowupTables & TicketTables>;

  constructor(db: Kysely<DB> | Transaction<DB>) {
    this.db = db.withTables<FollowupTables & TicketTables>();
  }

  /** Follow-ups with their ticket's key and link, where the tracker has one (every read shows it). */
  private withTickets() {
    return this.db
      .selectFrom('followups')
      .leftJoin('followup_tickets as t', 't.followup_id', 'followups.id')
      .selectAll('followups')
      .select(['t.ticket_key', 't.ticket_url']);
  }

  async add(followup: Omit<Followup, 'id' | 'status' | 'doneBy' | 'doneAt'>): Promise<Followup | undefined> {
    const row = await this.db
      .insertInto('followups')
      .values({
        incident_id: followup.incidentId,
        text: followup.text,
        owner: followup.owner,
        due: followup.due,
        source: followup.source,
        created_by: followup.createdBy,
        created_at: followup.createdAt,
      })
      // Only review items have a unique key (see migration 0002): re-submitting a review adds nothing twice.
      .onConflict((oc) => oc.columns(['incident_id', 'text']).where('source', '=', 'review').doNothing())
      .returningAll()
      .executeTakeFirst();
    return row && toFollowup(row);
  }

  async forIncident(incidentId: number): Promise<Followup[]> {
    const rows = await this.withTickets()
      .where('followups.incident_id', '=', incidentId)
      .orderBy('followups.id')
      .execute();
    return rows.map(toFollowup);
  }

  async get(id: number): Promise<Followup | undefined> {
    const row = await this.withTickets().where('followups.id', '=', id).executeTakeFirst();
    return row && toFollowup(row);
  }

  async getMany(ids: number[]): Promise<Map<number, Followup>> {
    if (!ids.length) return new Map();
    const rows = await this.withTickets().where('followups.id', 'in', ids).execute();
    return new Map(rows.map((r) => [Number(r.id), toFollowup(r)]));
  }

  async openOwnedBy(user: string): Promise<Followup[]> {
    const rows = await this.withTickets()
      .where('followups.owner', '=', user)
      .where('followups.status', '=', 'open')
      .orderBy(sql`followups.due asc nulls last`)
      .orderBy('followups.id')
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
