import { type Kysely, sql } from 'kysely';
import { OPEN_STATUSES } from '../../domain/status';
import type { MetricsProviders, OpenIncidents, OutboxStats, ServiceNotices } from '../metrics-providers';
import type { DB } from './schema';

const UNDEFINED_TABLE = '42P01';

/** Open incidents per severity (`none` when unset). Counts only: never a title, and private ones are not told apart. */
export async function openIncidentsBySeverity(db: Kysely<DB>): Promise<OpenIncidents[]> {
  const { rows } = await sql<{ severity: string; count: string }>`
    select coalesce(severity, 'none') as severity, count(*) as count
    from incidents
    where status in (${sql.join([...OPEN_STATUSES])})
    group by 1`.execute(db);
  return rows.map((r) => ({ severity: r.severity, count: Number(r.count) }));
}

/**
 * Seconds the oldest due reminder has waited to be fired (0 when none is due).
 * A tick moves `due_at` on when it commits the firing and its notice, so a row
 * still due is one no tick has got to (or one whose tick is still running).
 */
export async function schedulerLagSeconds(db: Kysely<DB>): Promise<number> {
  const { rows } = await sql<{ lag: string | number | null }>`
    select extract(epoch from (now() - min(due_at))) as lag
    from reminders
    where active and due_at <= now()`.execute(db);
  return Number(rows[0]?.lag ?? 0);
}

/**
 * Undelivered outbox notices and the oldest one's age. Written against the
 * table rather than the typed schema, and zero while the table does not exist
 * yet (a database older than the outbox migration).
 */
export async function outboxStats(db: Kysely<DB>): Promise<OutboxStats> {
  try {
    const { rows } = await sql<{ depth: string; dead: string; age: string | number | null }>`
      select count(*) filter (where status = 'pending') as depth, count(*) filter (where status = 'dead') as dead,
        extract(epoch from (now() - min(created_at) filter (where status = 'pending'))) as age
      from outbox
      where status in ('pending', 'dead')`.execute(db);
    return {
      depth: Number(rows[0]?.depth ?? 0),
      oldestAgeSeconds: Math.max(0, Number(rows[0]?.age ?? 0)),
      dead: Number(rows[0]?.dead ?? 0),
    };
  } catch (e) {
    if ((e as { code?: string }).code === UNDEFINED_TABLE) return { depth: 0, oldestAgeSeconds: 0, dead: 0 };
    throw e;
  }
}

/**
 * Pending and dead-lettered notices per other service: lanes named by serviceLane() (`<kind>:<name>`, then the
 * incident's lane), counted under `<kind>:<name>`; an incident's own lane and a drill's have two parts, not four. A receiver that is down shows as its own pending count, and what it never took as its dead one.
 */
export async function serviceNotices(db: Kysely<DB>): Promise<ServiceNotices[]> {
  const { rows } = await sql<{ service: string; pending: string; dead: string }>`
    select substring(lane from '^([^:]+:[^:]+):[^:]+:[0-9]+$') as service,
      count(*) filter (where status = 'pending') as pending, count(*) filter (where status = 'dead') as dead
    from outbox
    where status in ('pending', 'dead') and lane ~ '^[^:]+:[^:]+:[^:]+:[0-9]+$'
    group by 1`.execute(db);
  return rows.map((r) => ({ service: r.service, pending: Number(r.pending), dead: Number(r.dead) }));
}

/** The gauges' providers over one database. */
export function metricsProviders(db: Kysely<DB>): Required<MetricsProviders> {
  return {
    openIncidents: () => openIncidentsBySeverity(db),
    schedulerLag: () => schedulerLagSeconds(db),
    outbox: () => outboxStats(db),
    serviceNotices: () => serviceNotices(db),
  };
}
