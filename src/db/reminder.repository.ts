import { randomUUID } from 'node:crypto';
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type {
  ClaimedReminder,
  ReminderRepositories,
  ReminderRepository,
  ReminderSettlement,
} from '../app/reminders.ports';
import type { ReminderKind, ReminderState } from '../domain/reminders';
import type { DB, RemindersTable } from '../kernel/db/schema';
import type { RepositoryFactories } from '../kernel/db/unit-of-work';

function toClaimed(r: Selectable<RemindersTable>): ClaimedReminder {
  return {
    id: Number(r.id),
    incidentId: Number(r.incident_id),
    followupId: r.followup_id === null ? null : Number(r.followup_id),
    kind: r.kind as ReminderKind,
    state: { lastFiredAt: r.last_fired_at, firedCount: r.fired_count, snoozedUntil: r.snoozed_until },
    totalFired: r.total_fired,
    attempts: r.attempts,
    claimToken: r.claim_token!,
  };
}

export class PgReminderRepository implements ReminderRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  async sync(incidentId: number, followupId: number | null, kind: ReminderKind, due: Date | null): Promise<void> {
    await this.syncRows(incidentId, followupId, [{ kind, due }]);
  }

  async claimDue(now: Date, leaseMs: number, limit: number): Promise<ClaimedReminder[]> {
    const token = randomUUID();
    const leaseUntil = new Date(now.getTime() + leaseMs);
    // SKIP LOCKED lets every replica tick at once without waiting on or taking the
    // same rows; moving due_at to the lease end is what keeps a claimed row from
    // being due again until its lease runs out.
    const { rows } = await sql<Selectable<RemindersTable>>`
      update reminders set due_at = ${leaseUntil}, claim_token = ${token}, attempts = attempts + 1
      where id in (
        select id from reminders
        where active and due_at <= ${now}
        order by due_at
        limit ${limit}
        for update skip locked
      )
      returning *`.execute(this.db);
    return rows.map(toClaimed);
  }

  async complete(r: ClaimedReminder, state: ReminderState, due: Date | null): Promise<boolean> {
    return (await this.settle([{ reminder: r, due, fired: state, error: null, keepAttempts: false }])) === 1;
  }

  async release(r: ClaimedReminder, due: Date | null, error: string | null, keepAttempts: boolean): Promise<void> {
    await this.settle([{ reminder: r, due, fired: null, error, keepAttempts }]);
  }

  async settle(settlements: ReminderSettlement[]): Promise<number> {
    if (!settlements.length) return 0;
    const rows = settlements.map((s) => ({
      id: s.reminder.id,
      token: s.reminder.claimToken,
      due: s.due,
      fired: s.fired !== null,
      fired_count: s.fired?.firedCount ?? null,
      last_fired_at: s.fired?.lastFiredAt ?? null,
      snoozed_until: s.fired?.snoozedUntil ?? null,
      keep_attempts: s.keepAttempts,
      error: s.error,
    }));
    // One statement for a whole batch of claims: a row whose claim token changed
    // (its lease expired and another replica took it) is left alone.
    const res = await sql`
      update reminders r set
        due_at = coalesce(v.due, 'epoch'),
        active = v.due is not null,
        fired_count = case when v.fired then v.fired_count else r.fired_count end,
        last_fired_at = case when v.fired then v.last_fired_at else r.last_fired_at end,
        snoozed_until = case when v.fired then v.snoozed_until else r.snoozed_until end,
        total_fired = r.total_fired + case when v.fired then 1 else 0 end,
        claim_token = null,
        attempts = case when v.keep_attempts then r.attempts else 0 end,
        last_error = v.error
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(
        id bigint, token text, due timestamptz, fired boolean, fired_count integer,
        last_fired_at timestamptz, snoozed_until timestamptz, keep_attempts boolean, error text)
      where r.id = v.id and r.claim_token = v.token`.execute(this.db);
    return Number(res.numAffectedRows ?? 0);
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
      rows.map((r) => [
        r.kind,
        { lastFiredAt: r.last_fired_at, firedCount: r.fired_count, snoozedUntil: r.snoozed_until },
      ]),
    );
  }

  async syncIncident(incidentId: number, dues: { kind: ReminderKind; due: Date | null }[]): Promise<void> {
    if (dues.length) await this.syncRows(incidentId, null, dues);
  }

  /**
   * The one place the sync rules live, for an incident's reminders (followupId null)
   * and a follow-up's alike, in one statement: a row is made only when the reminder
   * is due at all; a claimed row keeps its lease and due time (its replica
   * recomputes them when it completes); a reminder no longer due is deactivated.
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
            due_at = case when k.due is not null and r.claim_token is null then k.due else r.due_at end
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
