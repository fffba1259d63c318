import type { Kysely, Transaction } from 'kysely';
import type { OfferedGuide, StepTick } from '../../domain/recovery';
import type { DB } from '../../kernel/db/schema';
import type { RecoveryChecklist, RecoveryRepository } from './recovery.ports';

export class PgRecoveryRepository implements RecoveryRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

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
    const ticks = await this.db
      .selectFrom('recovery_ticks')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .orderBy('step')
      .execute();
    return {
      incidentId,
      guide: row.guide as OfferedGuide,
      messageTs: row.message_ts,
      ticks: ticks.map((t) => ({ step: t.step, by: t.ticked_by, at: t.ticked_at })),
    };
  }

  async setMessageTs(incidentId: number, ts: string): Promise<void> {
    await this.db
      .updateTable('recovery_checklists')
      .set({ message_ts: ts })
      .where('incident_id', '=', incidentId)
      .execute();
  }

  async tick(incidentId: number, tick: StepTick): Promise<{ tick: StepTick; fresh: boolean }> {
    const inserted = await this.db
      .insertInto('recovery_ticks')
      .values({ incident_id: incidentId, step: tick.step, ticked_by: tick.by, ticked_at: tick.at })
      .onConflict((oc) => oc.columns(['incident_id', 'step']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return { tick, fresh: true };
    const t = await this.db
      .selectFrom('recovery_ticks')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .where('step', '=', tick.step)
      .executeTakeFirstOrThrow();
    return { tick: { step: t.step, by: t.ticked_by, at: t.ticked_at }, fresh: false };
  }
}
