import type { Kysely, Transaction } from 'kysely';
import { emptyAnswers, type ReviewAnswers } from '../../domain/review';
import type { StoredReview } from '../../domain/stored-review';
import type { DB } from '../../kernel/db/schema';
import type { RepositoryFactories } from '../../kernel/db/unit-of-work';
import type { ReviewRepositories, ReviewRepository } from './review.ports';
import type { ReviewTables } from './review.tables';

export class PgReviewRepository implements ReviewRepository {
  private readonly db: Kysely<DB & ReviewTables>;

  constructor(db: Kysely<DB> | Transaction<DB>) {
    this.db = db.withTables<ReviewTables>();
  }

  async get(incidentId: number): Promise<StoredReview | undefined> {
    const r = await this.db.selectFrom('reviews').selectAll().where('incident_id', '=', incidentId).executeTakeFirst();
    if (!r) return undefined;
    return {
      incidentId: Number(r.incident_id),
      // Answers saved by an older version may lack newer questions.
      answers: { ...emptyAnswers(), ...(r.answers as Partial<ReviewAnswers>) },
      status: r.status === 'submitted' ? 'submitted' : 'draft',
      document: r.document,
      updatedBy: r.updated_by,
      updatedAt: r.updated_at,
      submittedAt: r.submitted_at,
      filePermalink: r.file_permalink,
    };
  }

  async save(review: StoredReview): Promise<void> {
    const values = {
      answers: JSON.stringify(review.answers),
      status: review.status,
      document: review.document,
      updated_by: review.updatedBy,
      updated_at: review.updatedAt,
      submitted_at: review.submittedAt,
    };
    await this.db
      .insertInto('reviews')
      .values({ incident_id: review.incidentId, ...values })
      .onConflict((oc) => oc.column('incident_id').doUpdateSet(values))
      .execute();
  }

  async saveDraft(draft: {
    incidentId: number;
    answers: ReviewAnswers;
    updatedBy: string;
    updatedAt: Date;
  }): Promise<boolean> {
    const values = {
      answers: JSON.stringify(draft.answers),
      status: 'draft',
      document: null,
      updated_by: draft.updatedBy,
      updated_at: draft.updatedAt,
      submitted_at: null,
    };
    // One statement, so a publish that commits between the caller's read and this write still wins.
    const written = await this.db
      .insertInto('reviews')
      .values({ incident_id: draft.incidentId, ...values })
      .onConflict((oc) => oc.column('incident_id').doUpdateSet(values).where('reviews.status', '<>', 'submitted'))
      .returning('incident_id')
      .executeTakeFirst();
    return written !== undefined;
  }

  async setFile(incidentId: number, fileId: string, permalink: string | null): Promise<void> {
    await this.db
      .updateTable('reviews')
      .set({ file_id: fileId, file_permalink: permalink })
      .where('incident_id', '=', incidentId)
      .execute();
  }

  async startUpload(incidentId: number, key: string, fileId: string): Promise<void> {
    await this.db
      .updateTable('reviews')
      .set({ upload_key: key, upload_file_id: fileId })
      .where('incident_id', '=', incidentId)
      .execute();
  }

  async upload(incidentId: number): Promise<{ key: string; fileId: string } | undefined> {
    const r = await this.db
      .selectFrom('reviews')
      .select(['upload_key', 'upload_file_id'])
      .where('incident_id', '=', incidentId)
      .executeTakeFirst();
    return r?.upload_key && r.upload_file_id ? { key: r.upload_key, fileId: r.upload_file_id } : undefined;
  }
}

/** Built by the unit of work on each connection and transaction (main.ts passes this). */
export const reviewRepositories: RepositoryFactories<ReviewRepositories> = {
  reviews: (db) => new PgReviewRepository(db),
};
