import { type Kysely, sql, type Transaction } from 'kysely';
import { SEVERITIES } from '../../domain/severity';
import {
  type IncidentStats,
  type Percentiles,
  periodStart,
  type StatsPolicy,
  type StatsQuery,
} from '../../domain/stats';
import type { DB } from '../../kernel/db/schema';
import { type AdherenceRow, adherenceColumns, adherenceCtes, adherenceFigures } from './process-adherence.queries';
import { msBetween, num, type Row, visibleTo } from './stats-sql';

/**
 * The figures of src/domain/stats.ts computed in PostgreSQL: aggregates over the
 * incident rows (milestones denormalised by migration 0008), never the rows
 * themselves, so `/incident stats all` stays fast over a large history.
 * It reads the features' tables in SQL, not through kysely's types, so it takes any connection that has
 * at least the kernel's tables (the tests' one types every table).
 */
export async function queryStats<Tables extends DB>(
  db: Kysely<Tables> | Transaction<Tables>,
  query: StatsQuery,
  policy: StatsPolicy,
): Promise<IncidentStats> {
  const from = periodStart(query.period, query.now);
  const today = query.now.toISOString().slice(0, 10);
  const scope = sql`
    scope as (
      select i.id, coalesce(i.severity, 'none') as sev, coalesce(i.category, 'none') as cat, i.status, i.is_drill,
             i.declared_at, i.acknowledged_at, i.mitigated_at,
             case when i.status in ('resolved', 'closed') then i.resolved_at end as resolved_at,
             case when i.status = 'closed' then i.update_gaps end as gaps
      from incidents i
      where (${from}::timestamptz is null or i.declared_at >= ${from}::timestamptz)
        and (${query.category}::text is null or i.category = ${query.category}::text)
        and (${query.type ?? null}::text is null or i.incident_type = ${query.type ?? null}::text)
        and (${query.field?.key ?? null}::text is null
             or (i.fields -> ${query.field?.key ?? null}::text -> 'value') @> to_jsonb(${query.field?.value ?? null}::text))
        and ${visibleTo(query.viewer)}
    ),
    counted as (select * from scope where not is_drill and status <> 'cancelled'),
    ${adherenceCtes(policy)}`;
  const ms = (col: string) => sql.raw(msBetween('declared_at', col));
  const times = (name: string, col: string) => sql`
    count(${sql.raw(col)}) as ${sql.raw(`${name}_n`)},
    percentile_cont(0.5) within group (order by ${ms(col)}) as ${sql.raw(`${name}_p50`)},
    percentile_cont(0.9) within group (order by ${ms(col)}) as ${sql.raw(`${name}_p90`)}`;

  // One statement: the scope is scanned once and its CTE reused by each aggregate.
  const statement = sql<{ severities: Row[]; categories: Row[]; rest: Row } & AdherenceRow>`
    with ${scope}
    select
      (select coalesce(json_agg(s), '[]') from (
        select sev, count(*) as n, ${times('ack', 'acknowledged_at')}, ${times('mit', 'mitigated_at')}, ${times('res', 'resolved_at')}
        from counted group by sev) s) as severities,
      (select coalesce(json_agg(c), '[]') from (select cat, count(*) as n from counted group by cat) c) as categories,
      (select row_to_json(r) from (
        select
          (select count(*) from scope where is_drill) as drills,
          (select count(*) from scope where not is_drill and status = 'cancelled') as cancelled,
          count(f.id) as opened,
          count(f.id) filter (where f.status = 'done') as done,
          count(f.id) filter (where f.status = 'open' and f.due < ${today}::date) as overdue
        from counted c join followups f on f.incident_id = c.id) r) as rest,
      ${adherenceColumns(query.viewer, policy)}`;
  // The percentiles sort every incident of the period: with the default 4 MB of work_mem
  // those sorts spilled to disk for a large history. Local to this read-only transaction.
  const run = async (tx: Kysely<Tables>) => {
    await sql`set local work_mem = '64MB'`.execute(tx);
    return statement.execute(tx);
  };
  const { rows } = db.isTransaction ? await run(db) : await db.transaction().execute(run);
  const severities = { rows: rows[0].severities };
  const categories = { rows: rows[0].categories };

  const pct = (row: Row | undefined, name: string): Percentiles => ({
    count: Number(row?.[`${name}_n`] ?? 0),
    median: num(row?.[`${name}_p50`]),
    p90: num(row?.[`${name}_p90`]),
  });
  const keys = [...SEVERITIES, 'none'] as const;
  const bySev = new Map(severities.rows.map((r) => [String(r.sev), r]));
  const r = rows[0].rest;
  return {
    total: severities.rows.reduce((n, row) => n + Number(row.n), 0),
    bySeverity: Object.fromEntries(keys.map((k) => [k, Number(bySev.get(k)?.n ?? 0)])) as IncidentStats['bySeverity'],
    byCategory: Object.fromEntries(categories.rows.map((row) => [String(row.cat), Number(row.n)])),
    times: Object.fromEntries(
      keys.map((key) => {
        const row = bySev.get(key);
        return [key, { acknowledge: pct(row, 'ack'), mitigate: pct(row, 'mit'), resolve: pct(row, 'res') }];
      }),
    ) as IncidentStats['times'],
    followups: { opened: Number(r?.opened ?? 0), done: Number(r?.done ?? 0), overdue: Number(r?.overdue ?? 0) },
    ...adherenceFigures(rows[0], policy),
    excluded: { drills: Number(r?.drills ?? 0), cancelled: Number(r?.cancelled ?? 0) },
  };
}
