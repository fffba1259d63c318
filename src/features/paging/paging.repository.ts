import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../kernel/db/schema';
import type { RepositoryFactories } from '../../kernel/db/unit-of-work';
import type { PageRepository, PageState, PagingRepositories } from './paging.ports';
import type { PagingTables } from './paging.tables';

export class PgPageRepository implements PageRepository {
  private readonly db: Kysely<DB & PagingTables>;

  constructor(db: Kysely<DB> | Transaction<DB>) {
    this.db = db.withTables<PagingTables>();
  }

  async get(incidentId: number, service: string): Promise<PageState | undefined> {
    const row = await this.db
      .selectFrom('incident_pages')
      .select(['notice', 'open', 'paged_at', 'refused'])
      .where('incident_id', '=', incidentId)
      .where('service', '=', service)
      .executeTakeFirst();
    return row && { notice: row.notice, open: row.open, pagedAt: row.paged_at, refused: row.refused };
  }

  async claim(incidentId: number, service: string, notice: string): Promise<void> {
    await this.db
      .insertInto('incident_pages')
      .values({ incident_id: incidentId, service, notice, open: false, recorded: false })
      // An open alert stays open: the new page lands on it (same key).
      .onConflict((oc) =>
        oc.columns(['incident_id', 'service']).doUpdateSet({ notice, paged_at: null, refused: null, recorded: false }),
      )
      .execute();
  }

  async accepted(incidentId: number, service: string, notice: string, at: Date): Promise<void> {
    await this.ofNotice(incidentId, service, notice).set({ open: true, paged_at: at }).execute();
  }

  async refused(incidentId: number, service: string, notice: string, why: string): Promise<void> {
    await this.ofNotice(incidentId, service, notice).set({ open: false, refused: why }).execute();
  }

  async markRecorded(incidentId: number, service: string, notice: string): Promise<boolean> {
    const row = await this.ofNotice(incidentId, service, notice)
      .set({ recorded: true })
      .where('recorded', '=', false)
      .returning('notice')
      .executeTakeFirst();
    return row !== undefined;
  }

  async close(incidentId: number, service: string): Promise<void> {
    await this.db
      .updateTable('incident_pages')
      .set({ open: false })
      .where('incident_id', '=', incidentId)
      .where('service', '=', service)
      .execute();
  }

  private ofNotice(incidentId: number, service: string, notice: string) {
    return this.db
      .updateTable('incident_pages')
      .where('incident_id', '=', incidentId)
      .where('service', '=', service)
      .where('notice', '=', notice);
  }
}

export const pagingRepositories: RepositoryFactories<PagingRepositories> = {
  pages: (db) => new PgPageRepository(db),
};
