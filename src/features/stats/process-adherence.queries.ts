import { sql } from 'kysely';
import type { WeekFigures } from '../../domain/process-adherence';
import { SEVERITIES } from '../../domain/severity';
import type { IncidentStats, Percentiles, StatsPolicy } from '../../domain/stats';
import { msBetween, num, type Row, visibleTo } from './stats-sql';

/**
 * The figures of src/domain/process-adherence.ts in SQL: CTEs over `counted` (the
 * incidents in scope, drills and cancelled left out) and one column per figure,
 * added to the single statement of stats.queries.ts.
 */

/**
 * The gaps between updates (lifecycle changes, notes, key messages) over each
 * measured incident's window. A closed incident's gaps were kept on its row at
 * close (migration 0011: its archived channel can no longer change them); the
 * others are measured from their events and entries. There the window's start
 * and end are not rows of their own: the first gap starts at the start (lag's
 * default) and the closing gap is added per window.
 */
export function adherenceCtes(policy: StatsPolicy) {
  // A CASE rather than a join to a list of severities: the planner knows no row count for such a list and picks poor joins.
  const every = sql.join(
    SEVERITIES.map((s) => sql`when ${s} then ${policy.severities[s].updateEvery}::float8`),
    sql` `,
  );
  return sql`
    windows as (
      select id, declared_at as s, resolved_at as e, every_ms, gaps from (
        select id, declared_at, resolved_at, gaps, case sev ${every} end as every_ms
        from counted where status in ('resolved', 'closed') and resolved_at > declared_at) c
      where every_ms > 0
    ),
    live as (select id, s, e, every_ms from windows where gaps is null),
    updates as (
      -- Each update inside a window, with the gap since the one before it (or since the window's start).
      select id, every_ms, at, ${sql.raw(msBetween('lag(at, 1, s) over (partition by id order by at)', 'at'))} as gap from (
        select w.id, w.s, w.every_ms, ev.at from live w join incident_events ev on ev.incident_id = w.id and ev.at between w.s and w.e
        union all
        select w.id, w.s, w.every_ms, t.at from live w join timeline_entries t on t.incident_id = w.id and t.at between w.s and w.e
        where not t.deleted and (t.kind = 'note' or t.key)) u
    ),
    closing as (
      -- The last gap of each window: from its last update (or its start, when nobody updated) to its end.
      select w.id, w.every_ms, ${sql.raw(msBetween('coalesce(l.at, w.s)', 'w.e'))} as gap
      from live w left join (select id, max(at) as at from updates group by id) l on l.id = w.id
    ),
    gaps as (
      select id, every_ms, gap from updates
      union all select id, every_ms, gap from closing
      -- unnest in the select list (one ProjectSet) is much cheaper than a lateral function scan per incident.
      union all select id, every_ms, unnest(gaps) from windows where gaps is not null
    )`;
}

export function adherenceColumns(viewer: string, policy: StatsPolicy) {
  const required = SEVERITIES.filter((s) => policy.severities[s].reviewRequired);
  const toReview = sql.raw(`greatest(0, ${msBetween('c.resolved_at', 'r.first_submitted_at')})`);
  const resolveMs = sql.raw(msBetween('declared_at', 'resolved_at'));
  const bySev = sql.join(
    [...SEVERITIES, 'none'].map((s) => sql`count(*) filter (where sev = ${s})`),
    sql`, `,
  );
  return sql`
      (select row_to_json(x) from (
        select (select count(*) from windows) as measured,
               (select coalesce(sum(${sql.raw(msBetween('s', 'e'))}), 0) from windows) as win,
               -- Summed over every gap at once: the figures need no per-incident grouping.
               coalesce(sum(least(gap, every_ms)), 0) as covered,
               count(distinct id) filter (where gap > every_ms) as missed
        from gaps) x) as cadence,
      (select row_to_json(x) from (
        select count(*) as required, count(*) filter (where r.status = 'submitted') as done, count(t.ms) as n,
               percentile_cont(0.5) within group (order by t.ms) as p50, percentile_cont(0.9) within group (order by t.ms) as p90
        from counted c
        left join reviews r on r.incident_id = c.id
        cross join lateral (select case when r.status = 'submitted' and r.first_submitted_at is not null and c.resolved_at is not null
                                        then ${toReview} end as ms) t
        where c.status in ('resolved', 'closed') and c.sev = any(${required}::text[])) x) as reviews,
      (select row_to_json(x) from (
        select count(*) as responses, coalesce(sum(f.rating), 0) as total,
               percentile_cont(0.5) within group (order by f.rating) as median,
               count(*) filter (where f.rating = 1) as r1, count(*) filter (where f.rating = 2) as r2,
               count(*) filter (where f.rating = 3) as r3, count(*) filter (where f.rating = 4) as r4,
               count(*) filter (where f.rating = 5) as r5,
               count(*) filter (where f.change is not null and f.change <> '') as suggestions
        from counted c join incident_feedback f on f.incident_id = c.id where f.rating is not null) x) as feedback,
      (select coalesce(json_agg(json_build_object('number', d.number, 'at', d.declared_at, 'done', d.done) order by p.ord), '[]')
        from unnest(${policy.plans.map((p) => p.id)}::text[]) with ordinality p(id, ord)
        left join lateral (
          -- Served by incidents_drill_plan_idx; the latest drill the viewer may see, as the drill reminders count them.
          select i.number, i.declared_at, exists (select 1 from reviews r where r.incident_id = i.id and r.status = 'submitted') as done
          from incidents i where i.is_drill and i.drill_plan = p.id and ${visibleTo(viewer)}
          order by i.declared_at desc, i.number desc limit 1) d on true) as plans,
      (select coalesce(json_agg(json_build_object('week', to_char(week, 'YYYY-MM-DD'), 'n', n, 'res', res) order by week), '[]') from (
        select date_trunc('week', declared_at at time zone 'UTC') as week, array[${bySev}] as n,
               percentile_cont(0.5) within group (order by ${resolveMs}) as res
        from counted group by 1) w) as weeks`;
}

export interface AdherenceRow {
  cadence: Row;
  reviews: Row;
  feedback: Row;
  plans: { number: number | null; at: string | null; done: boolean | null }[];
  weeks: { week: string; n: number[]; res: number | null }[];
}

type AdherenceFigures = Pick<IncidentStats, 'cadence' | 'reviews' | 'feedback' | 'plans' | 'weeks'>;

export function adherenceFigures(row: AdherenceRow, policy: StatsPolicy): AdherenceFigures {
  const c = row.cadence;
  const r = row.reviews;
  const f = row.feedback;
  const win = Number(c.win ?? 0);
  const responses = Number(f.responses);
  const timeToReview: Percentiles = { count: Number(r.n), median: num(r.p50), p90: num(r.p90) };
  const keys = [...SEVERITIES, 'none'] as const;
  return {
    cadence: {
      measured: Number(c.measured),
      kept: Number(c.measured) - Number(c.missed),
      covered: win > 0 ? Number(c.covered) / win : null,
    },
    reviews: { required: Number(r.required), done: Number(r.done), timeToReview },
    feedback: {
      responses,
      byRating: [Number(f.r1), Number(f.r2), Number(f.r3), Number(f.r4), Number(f.r5)],
      mean: responses ? Number(f.total) / responses : null,
      median: num(f.median),
      suggestions: Number(f.suggestions),
    },
    plans: policy.plans.map((plan, index) => {
      const d = row.plans[index];
      return {
        id: plan.id,
        title: plan.title,
        every: policy.drills.find((s) => s.plan === plan.id)?.every ?? null,
        lastDrill:
          d?.number != null && d.at ? { number: d.number, declaredAt: new Date(d.at), reviewDone: !!d.done } : null,
      };
    }),
    weeks: row.weeks.map((week) => ({
      week: week.week,
      bySeverity: Object.fromEntries(keys.map((k, j) => [k, Number(week.n[j])])) as WeekFigures['bySeverity'],
      resolveMedian: num(week.res),
    })),
  };
}
