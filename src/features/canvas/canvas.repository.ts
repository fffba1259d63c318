import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../kernel/db/schema';
import type { RepositoryFactories } from '../../kernel/db/unit-of-work';
import type { CanvasRepositories, CanvasRepository } from './canvas.ports';
import type { CanvasTables } from './canvas.tables';

class PgCanvasRepository implements CanvasRepository {
  private readonly db: Kysely<DB & CanvasTables>;

  constructor(db: Kysely<DB> | Transaction<DB>) {
    this.db = db.withTables<CanvasTables>();
  }

  async canvasOf(incidentId: number): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('incident_canvases')
      .select('canvas_id')
      .where('incident_id', '=', incidentId)
      .executeTakeFirst();
    return row?.canvas_id;
  }

  async save(incidentId: number, canvasId: string, at: Date): Promise<void> {
    await this.db
      .insertInto('incident_canvases')
      .values({ incident_id: incidentId, canvas_id: canvasId, created_at: at })
      .onConflict((oc) => oc.column('incident_id').doNothing())
      .execute();
  }

  async edited(incidentId: number, at: Date): Promise<void> {
    await this.db
      .updateTable('incident_canvases')
      .set({ edited_at: at })
      .where('incident_id', '=', incidentId)
      .execute();
  }

  async forget(incidentId: number): Promise<void> {
    await this.db.deleteFrom('incident_canvases').where('incident_id', '=', incidentId).execute();
  }

  async refusalSince(team: string, since: Date): Promise<{ error: string; at: Date } | undefined> {
    const row = await this.db
      .selectFrom('canvas_refusals')
      .select(['error', 'refused_at'])
      .where('team_id', '=', team)
      .where('refused_at', '>=', since)
      .executeTakeFirst();
    return row ? { error: row.error, at: row.refused_at } : undefined;
  }

  async refuse(team: string, error: string, at: Date, since: Date): Promise<boolean> {
    // Two replicas refused at once: one writes (and logs); a refusal from before a restart is replaced.
    const row = await this.db
      .insertInto('canvas_refusals')
      .values({ team_id: team, error, refused_at: at })
      .onConflict((oc) =>
        oc
          .column('team_id')
          .doUpdateSet({ error, refused_at: at })
          .where(sql<boolean>`canvas_refusals.refused_at < ${since}`),
      )
      .returning('team_id')
      .executeTakeFirst();
    return row !== undefined;
  }
}

/** Built by the unit of work on each connection and transaction (main.ts passes this). */
export const canvasRepositories: RepositoryFactories<CanvasRepositories> = {
  canvases: (db) => new PgCanvasRepository(db),
};
