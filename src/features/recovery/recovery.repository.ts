import type { Kysely, Transaction } from 'kysely';
import type { OfferedGuide, StepDone } from '../../domain/recovery';
import type { DB } from '../../kernel/db/schema';
import type { RepositoryFactories } from '../../kernel/db/unit-of-work';
import { PgDrillScheduleRepository } from './drill-schedule.repository';
import type { RecoveryChecklist, RecoveryRepositories, RecoveryRepository } from './recovery.ports';
import type { RecoveryTables } from './recovery.tables';

export class PgRecoveryRepository implements RecoveryRepository {
  private readonly db: Kysely<DB & RecoveryTables>;

  constructor(db: Kysely<DB> | Transaction<DB>) {
    this.db = db.withTables<RecoveryTables>();
  }

  async offer(incidentId: number, guide: OfferedGuide, at: Date): Promise<boolean> {
    const r = await this.db
      .insertInto('recovery_checklists')
      .values({ incident_id: incidentId, guide: JSON.stringify(guide), offered_at: at })
      .onConflict((oc) => oc.column('incident_id').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async get(incidentId: number): Promise<RecoveryChecklist | undefined> {
    const row = await this.db
      .selectFrom('recovery_checklists')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .executeTakeFirst();
    if (!row) return undefined;
    const doneRows = await this.db
      .selectFrom('recovery_ticks')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .orderBy('step')
      .execute();
    return {
      incidentId,
      guide: row.guide as OfferedGuide,
      messageTs: row.message_ts,
      doneSteps: doneRows.map((row) => ({ step: row.step, by: row.ticked_by, at: row.ticked_at })),
    };
  }

  async setMessageTs(incidentId: number, ts: string): Promise<void> {
    await this.db
      .updateTable('recovery_checklists')
      .set({ message_ts: ts })
      .where('incident_id', '=', incidentId)
      .execute();
  }

  async markStepDone(incidentId: number, done: StepDone): Promise<{ done: StepDone; fresh: boolean }> {
    const inserted = await this.db
      .insertInto('recovery_ticks')
      .values({ incident_id: incidentId, step: done.step, ticked_by: done.by, ticked_at: done.at })
      .onConflict((oc) => oc.columns(['incident_id', 'step']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return { done, fresh: true };
    const earlier = await this.db
      .selectFrom('recovery_ticks')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .where('step', '=', done.step)
      .executeTakeFirstOrThrow();
    return { done: { step: earlier.step, by: earlier.ticked_by, at: earlier.ticked_at }, fresh: false };
  }
}

/** Built by the unit of work on each connection and transaction (main.ts passes this). */
export const recoveryRepositories: RepositoryFactories<RecoveryRepositories> = {
  recovery: (db) => new PgRecoveryRepository(db),
  drills: (db) => new PgDrillScheduleRepository(db),
};
