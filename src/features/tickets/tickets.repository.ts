import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { DB } from '../../kernel/db/schema';
import type { RepositoryFactories } from '../../kernel/db/unit-of-work';
import type {
  FollowupTicket,
  FollowupTicketRepository,
  TicketRef,
  TicketRepositories,
  TicketRowState,
  Tracker,
} from './tickets.ports';
import type { FollowupTicketsTable, TicketTables } from './tickets.tables';

function toTicket(row: Selectable<FollowupTicketsTable>): FollowupTicket {
  return {
    followupId: Number(row.followup_id),
    tracker: row.tracker as Tracker['kind'],
    notice: row.notice,
    state: row.state as TicketRowState,
    ticket:
      row.ticket_id !== null && row.ticket_key !== null && row.ticket_url !== null
        ? { id: row.ticket_id, key: row.ticket_key, url: row.ticket_url }
        : null,
    refused: row.refused,
  };
}

export class PgFollowupTicketRepository implements FollowupTicketRepository {
  private readonly db: Kysely<DB & TicketTables>;

  constructor(db: Kysely<DB> | Transaction<DB>) {
    this.db = db.withTables<TicketTables>();
  }

  async get(followupId: number): Promise<FollowupTicket | undefined> {
    const row = await this.db
      .selectFrom('followup_tickets')
      .selectAll()
      .where('followup_id', '=', followupId)
      .executeTakeFirst();
    return row && toTicket(row);
  }

  async byTicket(tracker: Tracker['kind'], ticketId: string): Promise<FollowupTicket | undefined> {
    const row = await this.db
      .selectFrom('followup_tickets')
      .selectAll()
      .where('tracker', '=', tracker)
      .where('ticket_id', '=', ticketId)
      .executeTakeFirst();
    return row && toTicket(row);
  }

  async claim(followupId: number, tracker: Tracker['kind'], notice: string, at: Date): Promise<void> {
    await this.db
      .insertInto('followup_tickets')
      .values({ followup_id: followupId, tracker, notice, state: 'pending', created_at: at })
      // A ticket once known is never claimed again: only a creation left pending or refused is taken over.
      .onConflict((oc) =>
        oc
          .column('followup_id')
          .doUpdateSet({ notice, state: 'pending', refused: null })
          .where('followup_tickets.ticket_id', 'is', null),
      )
      .execute();
  }

  async created(followupId: number, notice: string, ticket: TicketRef, at: Date): Promise<void> {
    await this.db
      .updateTable('followup_tickets')
      .set({
        state: 'open',
        ticket_id: ticket.id,
        ticket_key: ticket.key,
        ticket_url: ticket.url,
        refused: null,
        synced_at: at,
      })
      .where('followup_id', '=', followupId)
      .where('notice', '=', notice)
      .where('ticket_id', 'is', null)
      .execute();
  }

  async refused(followupId: number, notice: string, why: string): Promise<void> {
    await this.db
      .updateTable('followup_tickets')
      .set({ state: 'refused', refused: why })
      .where('followup_id', '=', followupId)
      .where('notice', '=', notice)
      .where('ticket_id', 'is', null)
      .execute();
  }

  async settle(followupId: number, done: boolean, at: Date): Promise<boolean> {
    const row = await this.db
      .updateTable('followup_tickets')
      .set({ state: done ? 'done' : 'open', synced_at: at })
      .where('followup_id', '=', followupId)
      .where('state', '=', done ? 'open' : 'done')
      .returning('followup_id')
      .executeTakeFirst();
    return row !== undefined;
  }

  async takeOpen(tracker: Tracker['kind'], limit: number, at: Date): Promise<FollowupTicket[]> {
    const rows = await this.db
      .updateTable('followup_tickets')
      .set({ synced_at: at })
      .where(
        'followup_id',
        'in',
        this.db
          .selectFrom('followup_tickets')
          .select('followup_id')
          .where('tracker', '=', tracker)
          .where('state', '=', 'open')
          .orderBy(sql`synced_at asc nulls first`)
          .limit(limit),
      )
      .returningAll()
      .execute();
    return rows.map(toTicket);
  }

  async claimReconcile(tracker: Tracker['kind'], now: Date, everyMs: number): Promise<boolean> {
    const before = new Date(now.getTime() - everyMs);
    const row = await this.db
      .insertInto('ticket_reconciles')
      .values({ tracker, ran_at: now })
      .onConflict((oc) =>
        oc.column('tracker').doUpdateSet({ ran_at: now }).where('ticket_reconciles.ran_at', '<=', before),
      )
      .returning('tracker')
      .executeTakeFirst();
    return row !== undefined;
  }
}

export const ticketRepositories: RepositoryFactories<TicketRepositories> = {
  followupTickets: (db) => new PgFollowupTicketRepository(db),
};
