import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { ReminderKind, ReminderState } from '../../domain/reminders';
import type { DB } from '../../kernel/db/schema';
import type { RepositoryFactories } from '../../kernel/db/unit-of-work';
import type { ClaimedReminder, ReminderFiring, ReminderRepositories, ReminderRepository } from './reminders.ports';
import type { RemindersTable, ReminderTables } from './reminders.tables';

function toClaimed(row: Selectable<RemindersTable>): ClaimedReminder {
  return {
    id: Number(row.id),
    incidentId: Number(row.incident_id),
    followupId: row.followup_id === null ? null : Number(row.followup_id),
    kind: row.kind as ReminderKind,
    state: { lastFiredAt: row.last_fired_at, firedCount: row.fired_count, snoozedUntil: row.snoozed_until },
  };
}

export class PgReminderRepository implements ReminderRepository {
  private readonly db: Kysely<DB & ReminderTables>;

  constructor(db: Kysely<DB> | Transaction<DB>) {
    this.db = db.withTables<ReminderTables>();
  }

  async sync(incidentId: number, followupId: number | null, kind: ReminderKind, due: Date | null): Promise<void> {
    await this.syncRows(incidentId, followupId, [{ kind, due }]);
  }

  async claimDue(now: Date, limit: number): Promise<ClaimedReminder[]> {
    // SKIP LOCKED lets every replica tick at once without waiting on or taking the
    // same rows; the lock lasts as long as the claiming transaction, which records
    // the firing and its notice before it lets go.
    const { rows } = await sql<Selectable<RemindersTable>>`
      select * from reminders
      where active and due_at <= ${now}
      order by due_at
      limit ${limit}
      for update skip locked`.execute(this.db);
    return rows.map(toClaimed);
  }

  async record(firings: ReminderFiring[]): Promise<void> {
    if (!firings.length) return;
    const rows = firings.map((firing) => ({
      id: firing.reminderId,
      due: firing.due,
      fired: firing.fired !== null,
      fired_count: firing.fired?.firedCount ?? null,
      last_fired_at: firing.fired?.lastFiredAt ?? null,
      snoozed_until: firing.fired?.snoozedUntil ?? null,
    }));
    await sql`
      update reminders r set
        due_at = coalesce(v.due, 'epoch'),
        active = v.due is not null,
        fired_count = case when v.fired then v.fired_count else r.fired_count end,
        last_fired_at = case when v.fired then v.last_fired_at else r.last_fired_at end,
        snoozed_until = case when v.fired then v.snoozed_until else r.snoozed_until end,
        total_fired = r.total_fired + case when v.fired then 1 else 0 end
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(
        id bigint, due timestamptz, fired boolean, fired_count integer,
        last_fired_at timestamptz, snoozed_until timestamptz)
      where r.id = v.id`.execute(this.db);
  }

  async isActive(reminderId: number): Promise<boolean> {
    const row = await this.db.selectFrom('reminders').select('active').where('id', '=', reminderId).executeTakeFirst();
    return row?.active === true;
  }

  async stop(reminderId: number): Promise<void> {
    await this.db.updateTable('reminders').set({ active: false }).where('id', '=', reminderId).execute();
  }

  async humanUpdate(incidentId: number): Promise<void> {
    await this.db
      .updateTable('reminders')
      .set({ fired_count: 0, snoozed_until: null })
      .where('incident_id', '=', incidentId)
      .where('kind', '=', 'update_nudge')
      .execute();
  }

  async snooze(incidentId: number, until: Date): Promise<void> {
    await this.db
      .updateTable('reminders')
      .set({ snoozed_until: until })
      .where('incident_id', '=', incidentId)
      .where('kind', '=', 'update_nudge')
      .execute();
  }

  async states(incidentId: number): Promise<Partial<Record<ReminderKind, ReminderState>>> {
    const rows = await this.db
      .selectFrom('reminders')
      .select(['kind', 'last_fired_at', 'fired_count', 'snoozed_until'])
      .where('incident_id', '=', incidentId)
      .where('followup_id', 'is', null)
      .execute();
    return Object.fromEntries(
      rows.map((row) => [
        row.kind,
        { lastFiredAt: row.last_fired_at, firedCount: row.fired_count, snoozedUntil: row.snoozed_until },
      ]),
    );
  }

  async syncIncident(incidentId: number, dues: { kind: ReminderKind; due: Date | null }[]): Promise<void> {
    if (dues.length) await this.syncRows(incidentId, null, dues);
  }

  /**
   * The one place the sync rules live, for an incident's reminders (followupId null)
   * and a follow-up's alike, in one statement: a row is made only when the reminder
   * is due at all; a reminder no longer due is deactivated. A tick holding the row
   * makes this wait for its commit; a due time computed from the state before that
   * firing is harmless, as the next tick re-decides from the state it recorded.
   */
  private async syncRows(
    incidentId: number,
    followupId: number | null,
    dues: { kind: ReminderKind; due: Date | null }[],
  ): Promise<void> {
    const sameOwner = followupId === null ? sql`r.followup_id is null` : sql`r.followup_id = ${followupId}`;
    // The partial unique index each kind of row is kept single by (migrations/0003).
    const arbiter =
      followupId === null
        ? sql`(incident_id, kind) where followup_id is null`
        : sql`(followup_id) where followup_id is not null`;
    await sql`
      with k as (
        select * from unnest(${dues.map((d) => d.kind)}::text[], ${dues.map((d) => d.due)}::timestamptz[]) as k(kind, due)
      ),
      changed as (
        update reminders r
        set active = k.due is not null,
            due_at = coalesce(k.due, r.due_at)
        from k
        where r.incident_id = ${incidentId} and ${sameOwner} and r.kind = k.kind
        returning r.kind
      )
      insert into reminders (incident_id, followup_id, kind, due_at)
      select ${incidentId}, ${followupId}::bigint, k.kind, k.due from k
      where k.due is not null and k.kind not in (select kind from changed)
      on conflict ${arbiter} do nothing`.execute(this.db);
  }
}

/** Built by the unit of work on each connection and transaction (main.ts passes this). */
export const reminderRepositories: RepositoryFactories<ReminderRepositories> = {
  reminders: (db) => new PgReminderRepository(db),
};
