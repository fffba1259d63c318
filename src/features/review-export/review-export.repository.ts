import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../kernel/db/schema';
import type { RepositoryFactories } from '../../kernel/db/unit-of-work';
import type { ReviewExportRepositories, WikiPage, WikiPageRepository, WikiPageState } from './review-export.ports';
import type { ReviewExportTables } from './review-export.tables';

const OUTCOMES = new Set<WikiPageState['outcome']>(['published', 'refused', 'withheld']);

export class PgWikiPageRepository implements WikiPageRepository {
  private readonly db: Kysely<DB & ReviewExportTables>;

  constructor(db: Kysely<DB> | Transaction<DB>) {
    this.db = db.withTables<ReviewExportTables>();
  }

  async get(incidentId: number): Promise<WikiPageState | undefined> {
    const r = await this.db
      .selectFrom('review_wiki_pages')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .executeTakeFirst();
    if (!r || !OUTCOMES.has(r.outcome as WikiPageState['outcome'])) return undefined;
    return {
      notice: r.notice,
      outcome: r.outcome as WikiPageState['outcome'],
      pageId: r.page_id,
      title: r.title,
      version: r.version,
      url: r.url,
      refused: r.refused,
    };
  }

  async published(incidentId: number, notice: string, page: WikiPage, at: Date): Promise<void> {
    const values = {
      notice,
      outcome: 'published',
      page_id: page.id,
      title: page.title,
      version: page.version,
      url: page.url,
      refused: null,
      updated_at: at,
    };
    await this.db
      .insertInto('review_wiki_pages')
      .values({ incident_id: incidentId, ...values })
      .onConflict((oc) => oc.column('incident_id').doUpdateSet(values))
      .execute();
  }

  async refused(incidentId: number, notice: string, why: string, at: Date): Promise<void> {
    const values = { notice, outcome: 'refused', refused: why, updated_at: at };
    await this.db
      .insertInto('review_wiki_pages')
      .values({ incident_id: incidentId, ...values })
      .onConflict((oc) => oc.column('incident_id').doUpdateSet(values))
      .execute();
  }

  async withheld(incidentId: number, notice: string, at: Date): Promise<boolean> {
    const values = { notice, outcome: 'withheld', updated_at: at };
    const row = await this.db
      .insertInto('review_wiki_pages')
      .values({ incident_id: incidentId, ...values })
      .onConflict((oc) =>
        oc.column('incident_id').doUpdateSet(values).where('review_wiki_pages.outcome', '<>', 'withheld'),
      )
      .returning('incident_id')
      .executeTakeFirst();
    return row !== undefined;
  }
}

/** Built by the unit of work on each connection and transaction (main.ts passes this). */
export const reviewExportRepositories: RepositoryFactories<ReviewExportRepositories> = {
  wikiPages: (db) => new PgWikiPageRepository(db),
};
