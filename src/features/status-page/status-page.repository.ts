import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ComponentStatus, PublicStatus } from '../../domain/status-page';
import type { DB } from '../../kernel/db/schema';
import type { RepositoryFactories } from '../../kernel/db/unit-of-work';
import type { PublicIncident, StatusPageRepositories, StatusPageRepository, StoredPost } from './status-page.ports';
import type { StatusPagePostsTable, StatusPageTables } from './status-page.tables';

const postOf = (row: Selectable<StatusPagePostsTable>): StoredPost => ({
  id: Number(row.id),
  incidentId: Number(row.incident_id),
  message: row.message,
  // Written only from the form's checked choices (status-page.ts), so read back as such.
  status: row.status as PublicStatus,
  componentStatus: row.component_status as ComponentStatus | null,
  components: row.components,
  actor: row.actor,
  requestedAt: row.requested_at,
  notice: row.notice,
  attempted: row.attempted,
  publishedAt: row.published_at,
  refused: row.refused,
});

export class PgStatusPageRepository implements StatusPageRepository {
  private readonly db: Kysely<DB & StatusPageTables>;

  constructor(db: Kysely<DB> | Transaction<DB>) {
    this.db = db.withTables<StatusPageTables>();
  }

  async addPost(
    incidentId: number,
    post: {
      message: string;
      status: PublicStatus;
      componentStatus: ComponentStatus | null;
      components: string[];
      actor: string;
      at: Date;
    },
  ): Promise<number> {
    const row = await this.db
      .insertInto('status_page_posts')
      .values({
        incident_id: incidentId,
        message: post.message,
        status: post.status,
        component_status: post.componentStatus,
        components: post.components,
        actor: post.actor,
        requested_at: post.at,
        notice: null,
        published_at: null,
        refused: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  async post(id: number): Promise<StoredPost | undefined> {
    const row = await this.db.selectFrom('status_page_posts').selectAll().where('id', '=', id).executeTakeFirst();
    return row && postOf(row);
  }

  async latestPost(incidentId: number): Promise<StoredPost | undefined> {
    const row = await this.db
      .selectFrom('status_page_posts')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && postOf(row);
  }

  async publicIncident(incidentId: number): Promise<PublicIncident | undefined> {
    const row = await this.db
      .selectFrom('status_page_incidents')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .executeTakeFirst();
    return (
      row && {
        pageId: row.page_id,
        publicId: row.public_id,
        shortlink: row.shortlink,
        lastStatus: row.last_status as PublicStatus,
      }
    );
  }

  async attempting(postId: number, notice: string): Promise<void> {
    await this.db.updateTable('status_page_posts').set({ attempted: true, notice }).where('id', '=', postId).execute();
  }

  async storePublicIncident(
    incidentId: number,
    found: { pageId: string; publicId: string; shortlink: string | null; status: PublicStatus },
  ): Promise<void> {
    const values = {
      page_id: found.pageId,
      public_id: found.publicId,
      shortlink: found.shortlink,
      last_status: found.status,
    };
    await this.db
      .insertInto('status_page_incidents')
      .values({ incident_id: incidentId, ...values })
      .onConflict((oc) => oc.column('incident_id').doUpdateSet(values))
      .execute();
  }

  async published(post: StoredPost, at: Date): Promise<void> {
    await this.db.updateTable('status_page_posts').set({ published_at: at }).where('id', '=', post.id).execute();
    await this.db
      .updateTable('status_page_incidents')
      .set({ last_status: post.status })
      .where('incident_id', '=', post.incidentId)
      .execute();
  }

  async refused(postId: number, why: string): Promise<void> {
    await this.db.updateTable('status_page_posts').set({ refused: why }).where('id', '=', postId).execute();
  }

  async markRecorded(postId: number): Promise<boolean> {
    const row = await this.db
      .updateTable('status_page_posts')
      .set({ recorded: true })
      .where('id', '=', postId)
      .where('recorded', '=', false)
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }
}

export const statusPageRepositories: RepositoryFactories<StatusPageRepositories> = {
  statusPage: (db) => new PgStatusPageRepository(db),
};
