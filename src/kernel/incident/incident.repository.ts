import { randomUUID } from 'node:crypto';
import { type ExpressionBuilder, type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { IncidentOrigin } from '../../domain/alerts';
import { auditSnapshot } from '../../domain/audit';
import type { Incident } from '../../domain/incident';
import type { IncidentChange, IncidentEvent } from '../../domain/incident-event';
import { isSeverity } from '../../domain/severity';
import { isStatus, NOT_OPEN_STATUSES } from '../../domain/status';
import type { DB, IncidentsTable } from '../db/schema';
import { readStoredFields } from './field-values';
import type {
  AuditEntry,
  IncidentCadence,
  IncidentFacts,
  IncidentMessages,
  IncidentRepository,
} from './incident.ports';
import type { PendingChannel, ReplyTarget, Reservation } from './reservation.ports';

/** The index keeping one open incident per alert group (migrations/0020_alerts.sql). */
const OPEN_ALERT_GROUP_INDEX = 'incidents_open_alert_group';

/** incidents.number is an `integer`. */
const INT4_MAX = 2_147_483_647;

type Row = Selectable<IncidentsTable>;

/**
 * The one column of the review feature's table that a reminder's facts need. The kernel knows no feature,
 * so it declares that column here instead of importing the feature's row type.
 */
type ReviewStatusTable = { reviews: { incident_id: number; status: string } };

/**
 * The columns an Incident is made of. Reads select these instead of every column:
 * the row also carries the declare reply, milestones and kept update gaps, which
 * pg would otherwise parse on every `/incident status` and every change.
 */
const INCIDENT_COLUMNS = [
  'id',
  'number',
  'title',
  'summary',
  'severity',
  'category',
  'status',
  'is_private',
  'commander_id',
  'comms_id',
  'scribe_id',
  'declared_by',
  'declared_at',
  'channel_id',
  'channel_name',
  'header_ts',
  'is_drill',
  'drill_plan',
  'updated_at',
  'resolved_at',
  'closed_at',
  'channel_gone_at',
  'alert_source',
  'alert_name',
  'alert_url',
  'incident_type',
  'fields',
] as const satisfies readonly (keyof Row)[];
type IncidentRow = Pick<Row, (typeof INCIDENT_COLUMNS)[number]> & { extra_roles?: unknown };

/** Who holds the policy's extra roles, read with the incident where one incident is read (incident_roles). */
const EXTRA_ROLES = sql<Record<string, string> | null>`(select jsonb_object_agg(r.role, r.user_id)
  from incident_roles r where r.incident_id = incidents.id)`.as('extra_roles');

function toIncident(row: IncidentRow): Incident {
  if (!isStatus(row.status)) throw new Error(`incident ${row.number} has unknown status ${row.status}`);
  // Reservations are read through the pending-channel methods only; every query that maps rows here excludes them.
  if (row.channel_id === null) throw new Error(`incident ${row.number} has no channel yet`);
  return {
    id: Number(row.id),
    number: row.number,
    title: row.title,
    summary: row.summary,
    severity: isSeverity(row.severity) ? row.severity : null,
    category: row.category,
    status: row.status,
    isPrivate: row.is_private,
    roles: { commander: row.commander_id, comms: row.comms_id, scribe: row.scribe_id },
    declaredBy: row.declared_by,
    declaredAt: row.declared_at,
    channelId: row.channel_id,
    channelName: row.channel_name,
    headerTs: row.header_ts,
    isDrill: row.is_drill,
    drillPlan: row.drill_plan,
    updatedAt: row.updated_at,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    channelGoneAt: row.channel_gone_at,
    origin: originOf(row),
    type: row.incident_type,
    fields: readStoredFields(row.fields),
    ...(row.extra_roles && typeof row.extra_roles === 'object'
      ? { extraRoles: row.extra_roles as Record<string, string> }
      : {}),
  };
}

function originOf(row: Pick<Row, 'alert_source' | 'alert_name' | 'alert_url'>): IncidentOrigin | null {
  return row.alert_source ? { source: row.alert_source, alertName: row.alert_name ?? '', url: row.alert_url } : null;
}

/** The reservation is still waiting for its channel and still ours (claim fence). */
const stillOwed = (pending: PendingChannel) => (eb: ExpressionBuilder<DB, 'incidents'>) =>
  eb.and([
    eb('id', '=', pending.id),
    eb('channel_id', 'is', null),
    pending.claim === null ? eb('channel_claim', 'is', null) : eb('channel_claim', '=', pending.claim),
  ]);

function toPending(row: Row): PendingChannel {
  return {
    id: Number(row.id),
    number: row.number,
    title: row.title,
    summary: row.summary,
    severity: isSeverity(row.severity) ? row.severity : null,
    category: row.category,
    isPrivate: row.is_private,
    commander: row.commander_id,
    declaredBy: row.declared_by,
    declaredAt: row.declared_at,
    declareKey: row.declare_key,
    isDrill: row.is_drill,
    drillPlan: row.drill_plan,
    type: row.incident_type,
    fields: readStoredFields(row.fields),
    reply: (row.declare_reply as ReplyTarget | null) ?? { user: row.declared_by },
    alert: row.alert_source && row.alert_group ? { origin: originOf(row)!, group: row.alert_group } : null,
    channelDueAt: row.channel_due_at!,
    attempts: row.channel_attempts,
    claim: row.channel_claim,
  };
}

export class PgIncidentRepository implements IncidentRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  async setExtraRole(incidentId: number, role: string, user: string, at: Date): Promise<string | null> {
    const prior = await this.db
      .selectFrom('incident_roles')
      .select('user_id')
      .where('incident_id', '=', incidentId)
      .where('role', '=', role)
      .executeTakeFirst();
    await this.db
      .insertInto('incident_roles')
      .values({ incident_id: incidentId, role, user_id: user, assigned_at: at })
      .onConflict((oc) => oc.columns(['incident_id', 'role']).doUpdateSet({ user_id: user, assigned_at: at }))
      .execute();
    return prior?.user_id ?? null;
  }

  async markChannelGone(incidentId: number, at: Date): Promise<boolean> {
    const row = await this.db
      .updateTable('incidents')
      .set({ channel_gone_at: at })
      .where('id', '=', incidentId)
      .where('channel_gone_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    return !!row;
  }

  async nextNumber(): Promise<number> {
    const { rows } = await sql<{ n: string }>`select nextval('incident_number_seq') as n`.execute(this.db);
    return Number(rows[0].n);
  }

  async reserve(reservation: Reservation): Promise<PendingChannel | 'duplicate' | 'alert_group_open'> {
    const row = await this.db
      .insertInto('incidents')
      .values({
        number: reservation.number,
        title: reservation.title,
        summary: reservation.summary,
        severity: reservation.severity,
        category: reservation.category,
        status: 'triage',
        is_private: reservation.isPrivate,
        commander_id: reservation.commander,
        declared_by: reservation.declaredBy,
        declared_at: reservation.declaredAt,
        channel_id: null,
        channel_name: '',
        channel_due_at: reservation.channelDueAt,
        declare_reply: JSON.stringify(reservation.reply),
        is_drill: reservation.isDrill ?? false,
        drill_plan: reservation.drillPlan ?? null,
        declare_key: reservation.declareKey,
        updated_at: reservation.declaredAt,
        incident_type: reservation.type ?? null,
        fields: JSON.stringify(reservation.fields ?? {}),
        ...(reservation.alert
          ? {
              alert_source: reservation.alert.origin.source,
              alert_group: reservation.alert.group,
              alert_name: reservation.alert.origin.alertName,
              alert_url: reservation.alert.origin.url,
            }
          : {}),
      })
      .onConflict((oc) => oc.column('declare_key').doNothing())
      .returningAll()
      .executeTakeFirst()
      .catch((error: unknown) => {
        const e = error as { code?: string; constraint?: string };
        if (e.code === '23505' && e.constraint === OPEN_ALERT_GROUP_INDEX) return 'alert_group_open' as const;
        throw error;
      });
    if (row === 'alert_group_open') return row;
    return row ? toPending(row) : 'duplicate';
  }

  async findDeclared(key: string): Promise<{ incident: Incident } | { pending: PendingChannel } | undefined> {
    const row = await this.db.selectFrom('incidents').selectAll().where('declare_key', '=', key).executeTakeFirst();
    if (!row) return undefined;
    return row.channel_id === null ? { pending: toPending(row) } : { incident: toIncident(row) };
  }

  async attachChannel(pending: PendingChannel, channel: { id: string; name: string }): Promise<Incident | undefined> {
    const row = await this.db
      .updateTable('incidents')
      .set({ channel_id: channel.id, channel_name: channel.name, channel_due_at: null, channel_claim: null })
      .where(stillOwed(pending))
      .returningAll()
      .executeTakeFirst();
    return row && toIncident(row);
  }

  async claimPendingChannels(now: Date, leaseMs: number, limit: number): Promise<PendingChannel[]> {
    const token = randomUUID();
    const { rows } = await sql<Row>`
      update incidents set channel_claim = ${token}, channel_due_at = ${new Date(now.getTime() + leaseMs)},
        channel_attempts = channel_attempts + 1
      where id in (
        select id from incidents where channel_id is null and channel_due_at <= ${now}
        order by channel_due_at limit ${limit} for update skip locked
      )
      returning *`.execute(this.db);
    return rows.map(toPending);
  }

  async deferChannel(pending: PendingChannel, due: Date): Promise<boolean> {
    const r = await this.db
      .updateTable('incidents')
      .set({ channel_due_at: due, channel_claim: null })
      .where(stillOwed(pending))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async discardReservation(pending: PendingChannel): Promise<boolean> {
    // Nothing else points at a reservation yet: events, participants and reminders come with its channel.
    const r = await this.db.deleteFrom('incidents').where(stillOwed(pending)).executeTakeFirst();
    return Number(r.numDeletedRows) === 1;
  }

  pendingChannelsDueBy(now: Date): Promise<number> {
    return this.channelsOwed({ dueBy: now });
  }

  channelsOwedBefore(number: number): Promise<number> {
    return this.channelsOwed({ numberBelow: number });
  }

  private async channelsOwed(filter: { dueBy?: Date; numberBelow?: number }): Promise<number> {
    let q = this.db
      .selectFrom('incidents')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('channel_id', 'is', null);
    if (filter.dueBy) q = q.where('channel_due_at', '<=', filter.dueBy);
    if (filter.numberBelow !== undefined) q = q.where('number', '<', filter.numberBelow);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }

  async findByChannel(channelId: string, opts: { forUpdate?: boolean } = {}): Promise<Incident | undefined> {
    let q = this.db
      .selectFrom('incidents')
      .select(INCIDENT_COLUMNS)
      .select(EXTRA_ROLES)
      .where('channel_id', '=', channelId);
    if (opts.forUpdate) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    return row && toIncident(row);
  }

  async findByNumber(number: number): Promise<Incident | undefined> {
    // Numbers can come from a forged button value or private_metadata: one outside the column's range names no incident.
    if (!Number.isInteger(number) || number < 1 || number > INT4_MAX) return undefined;
    const row = await this.db
      .selectFrom('incidents')
      .select(INCIDENT_COLUMNS)
      .select(EXTRA_ROLES)
      .where('number', '=', number)
      .where('channel_id', 'is not', null)
      .executeTakeFirst();
    return row && toIncident(row);
  }

  async alertGroupHolder(incidentId: number): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('incidents as me')
      .innerJoin('incidents as other', (join) =>
        join.onRef('other.alert_source', '=', 'me.alert_source').onRef('other.alert_group', '=', 'me.alert_group'),
      )
      .select('other.number')
      .where('me.id', '=', incidentId)
      .where('other.id', '!=', incidentId)
      .where('other.status', 'not in', NOT_OPEN_STATUSES)
      .executeTakeFirst();
    return row ? Number(row.number) : undefined;
  }

  async findById(id: number): Promise<Incident | undefined> {
    const row = await this.db
      .selectFrom('incidents')
      .select(INCIDENT_COLUMNS)
      .select(EXTRA_ROLES)
      .where('id', '=', id)
      .where('channel_id', 'is not', null)
      .executeTakeFirst();
    return row && toIncident(row);
  }

  async update(incident: Incident): Promise<void> {
    await this.db
      .updateTable('incidents')
      .set({
        title: incident.title,
        summary: incident.summary,
        severity: incident.severity,
        category: incident.category,
        status: incident.status,
        commander_id: incident.roles.commander,
        comms_id: incident.roles.comms,
        scribe_id: incident.roles.scribe,
        updated_at: incident.updatedAt,
        resolved_at: incident.resolvedAt,
        closed_at: incident.closedAt,
        ...(incident.fields ? { fields: JSON.stringify(incident.fields) } : {}),
      })
      .where('id', '=', incident.id)
      .execute();
  }

  async listClosed(limit: number, offset: number): Promise<Incident[]> {
    const rows = await this.db
      .selectFrom('incidents')
      .select(INCIDENT_COLUMNS)
      .where('status', '=', 'closed')
      .where('channel_id', 'is not', null)
      .orderBy('closed_at', 'desc')
      .orderBy('number', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map(toIncident);
  }

  async listOpen(): Promise<Incident[]> {
    // Matches the partial index's predicate so the planner can use it.
    const rows = await this.db
      .selectFrom('incidents')
      .selectAll()
      .where('status', 'not in', NOT_OPEN_STATUSES)
      .where('channel_id', 'is not', null)
      .orderBy('number', 'desc')
      .execute();
    return rows.map(toIncident);
  }

  async listOpenDeclaredSince(since: Date): Promise<Incident[]> {
    const rows = await this.db
      .selectFrom('incidents')
      .select(INCIDENT_COLUMNS)
      .where('status', 'not in', NOT_OPEN_STATUSES)
      .where('channel_id', 'is not', null)
      .where('declared_at', '>=', since)
      .orderBy('declared_at', 'desc')
      .execute();
    return rows.map(toIncident);
  }

  async cadence(incidentId: number): Promise<IncidentCadence> {
    const r = await this.db
      .selectFrom('incidents')
      .select(['last_update_at', 'next_update_due', 'commander_present'])
      .where('id', '=', incidentId)
      .executeTakeFirstOrThrow();
    return { lastUpdateAt: r.last_update_at, nextUpdateDue: r.next_update_due, commanderPresent: r.commander_present };
  }

  async reminderFacts(incidentIds: number[]): Promise<Map<number, IncidentFacts>> {
    const out = new Map<number, IncidentFacts>();
    if (!incidentIds.length) return out;
    const rows = await this.db
      .withTables<ReviewStatusTable>()
      .selectFrom('incidents')
      .leftJoin('reviews', 'reviews.incident_id', 'incidents.id')
      .selectAll('incidents')
      .select('reviews.status as review_status')
      .where('incidents.id', 'in', incidentIds)
      .where('incidents.channel_id', 'is not', null)
      .execute();
    for (const r of rows) {
      out.set(Number(r.id), {
        incident: toIncident(r),
        lastUpdateAt: r.last_update_at,
        nextUpdateDue: r.next_update_due,
        commanderPresent: r.commander_present,
        reviewSubmitted: r.review_status === 'submitted',
      });
    }
    return out;
  }

  async recordUpdate(incidentId: number, at: Date, nextDue: Date): Promise<void> {
    await this.db
      .updateTable('incidents')
      .set({ last_update_at: at, next_update_due: nextDue })
      .where('id', '=', incidentId)
      .execute();
  }

  async setCommanderPresent(incidentId: number, present: boolean): Promise<void> {
    await this.db.updateTable('incidents').set({ commander_present: present }).where('id', '=', incidentId).execute();
  }

  async subscribe(incidentId: number, user: string, at: Date): Promise<boolean> {
    const r = await this.db
      .insertInto('incident_subscribers')
      .values({ incident_id: incidentId, user_id: user, subscribed_at: at })
      .onConflict((oc) => oc.doNothing())
      .returning('user_id')
      .executeTakeFirst();
    return !!r;
  }

  async unsubscribe(incidentId: number, user: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('incident_subscribers')
      .where('incident_id', '=', incidentId)
      .where('user_id', '=', user)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async subscribers(incidentId: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('incident_subscribers')
      .select('user_id')
      .where('incident_id', '=', incidentId)
      .orderBy('subscribed_at')
      .execute();
    return rows.map((r) => r.user_id);
  }

  async events(incidentId: number): Promise<IncidentEvent[]> {
    const rows = await this.db
      .selectFrom('incident_events')
      .select(['kind', 'actor', 'at', 'data'])
      .where('incident_id', '=', incidentId)
      .orderBy('at')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      change: { kind: row.kind, ...(row.data as object) } as IncidentChange,
      actor: row.actor,
      at: row.at,
    }));
  }

  async addEvent(
    incidentId: number,
    event: IncidentEvent,
    audit?: { before: Incident | null; after: Incident },
  ): Promise<void> {
    const { kind, ...data } = event.change;
    await this.db
      .insertInto('incident_events')
      .values({
        incident_id: incidentId,
        kind,
        actor: event.actor,
        at: event.at,
        data: JSON.stringify(data),
        before: audit?.before ? JSON.stringify(auditSnapshot(audit.before)) : null,
        after: audit ? JSON.stringify(auditSnapshot(audit.after)) : null,
      })
      .execute();
  }

  async auditLog(incidentId: number): Promise<AuditEntry[]> {
    const rows = await this.db
      .selectFrom('incident_events')
      .select(['kind', 'actor', 'at', 'data', 'before', 'after'])
      .where('incident_id', '=', incidentId)
      .orderBy('at')
      .orderBy('id')
      .execute();
    return rows;
  }

  async addParticipants(incidentId: number, users: string[], at: Date): Promise<void> {
    if (!users.length) return;
    await this.db
      .insertInto('incident_participants')
      .values(users.map((user_id) => ({ incident_id: incidentId, user_id, added_at: at })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async setHeaderTs(incidentId: number, ts: string): Promise<void> {
    await this.db.updateTable('incidents').set({ header_ts: ts }).where('id', '=', incidentId).execute();
  }

  async slackMessages(incidentId: number): Promise<IncidentMessages> {
    const row = await this.db
      .selectFrom('incidents')
      .select(['announcement_channel', 'announcement_ts', 'update_nudge_ts'])
      .where('id', '=', incidentId)
      .executeTakeFirst();
    const announcement =
      row?.announcement_channel && row.announcement_ts
        ? { channel: row.announcement_channel, ts: row.announcement_ts }
        : null;
    return { announcement, updateNudgeTs: row?.update_nudge_ts ?? null };
  }

  async setAnnouncement(incidentId: number, channel: string, ts: string): Promise<void> {
    await this.db
      .updateTable('incidents')
      .set({ announcement_channel: channel, announcement_ts: ts })
      .where('id', '=', incidentId)
      .execute();
  }

  async setUpdateNudgeTs(incidentId: number, ts: string | null): Promise<void> {
    await this.db.updateTable('incidents').set({ update_nudge_ts: ts }).where('id', '=', incidentId).execute();
  }
}
