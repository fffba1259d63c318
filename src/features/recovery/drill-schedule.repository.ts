import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../kernel/db/schema';
import type { DrillScheduleRepository, DrillScheduleState } from './recovery.ports';
import type { RecoveryTables } from './recovery.tables';

export class PgDrillScheduleRepository implements DrillScheduleRepository {
  private readonly db: Kysely<DB & RecoveryTables>;

  constructor(db: Kysely<DB> | Transaction<DB>) {
    this.db = db.withTables<RecoveryTables>();
  }

  async observe(plans: string[], at: Date): Promise<DrillScheduleState[]> {
    if (!plans.length) return [];
    await this.db
      .insertInto('drill_schedules')
      .values(plans.map((plan_id) => ({ plan_id, first_seen_at: at })))
      .onConflict((oc) => oc.column('plan_id').doNothing())
      .execute();
    const rows = await this.db
      .selectFrom('drill_schedules as s')
      .select([
        's.plan_id',
        's.first_seen_at',
        's.reminded_slot',
        // Served by incidents_drill_plan_idx.
        (eb) =>
          eb
            .selectFrom('incidents as i')
            .select(sql<Date | null>`max(i.declared_at)`.as('last'))
            .where('i.is_drill', '=', true)
            .whereRef('i.drill_plan', '=', 's.plan_id')
            .as('last_drill_at'),
      ])
      .where('s.plan_id', 'in', plans)
      .execute();
    return rows.map((row) => ({
      plan: row.plan_id,
      firstSeenAt: row.first_seen_at,
      remindedSlot: row.reminded_slot,
      lastDrillAt: row.last_drill_at ? new Date(row.last_drill_at) : null,
    }));
  }

  async claimSlot(plan: string, slot: Date): Promise<boolean> {
    const r = await this.db
      .updateTable('drill_schedules')
      .set({ reminded_slot: slot })
      .where('plan_id', '=', plan)
      .where((eb) => eb.or([eb('reminded_slot', 'is', null), eb('reminded_slot', '<', slot)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
