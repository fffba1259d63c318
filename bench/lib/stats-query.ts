import { performance } from 'node:perf_hooks';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import { queryStats } from '../../src/features/stats/stats.queries';
import { createDatabase } from '../../src/kernel/db/connect';
import { migrate } from '../../src/kernel/db/migrate';
import { summarize } from './maths';

export interface StatsBenchResult {
  incidents: number;
  seedMs: number;
  /** Each run of `/incident stats all`'s query, after one warm-up. */
  runsMs: number[];
  medianMs: number;
  maxMs: number;
}

/**
 * Seeds `n` closed incidents in one INSERT … generate_series (outside the timed
 * part), a tenth of them private and some drills and cancellations, then times
 * the stats query as the command runs it for a viewer who is in none of them.
 */
export async function benchStats(url: string, n = 100_000, runs = 5): Promise<StatsBenchResult> {
  const database = createDatabase(url);
  try {
    await migrate(database.pool);
    const seedStart = performance.now();
    await database.pool.query(
      `insert into incidents (number, title, severity, category, status, is_private, is_drill, declared_by, declared_at,
         channel_id, channel_name, updated_at, resolved_at, closed_at, acknowledged_at, mitigated_at, update_gaps)
       select 1000000 + g, 'bench ' || g, 'SEV' || (1 + g % 4), (array['Availability','Performance','Data','Other'])[1 + g % 4],
              case when g % 50 = 0 then 'cancelled' else 'closed' end, g % 10 = 0, g % 97 = 0, 'UBENCH' || g % 20,
              t, 'CSTATS' || g, 'stats-' || g, t, t + (g % 300) * interval '1 minute', t + interval '1 day',
              t + (g % 30) * interval '1 minute', t + (g % 120) * interval '1 minute',
              -- What migration 0011's trigger keeps on a row when it closes: here the whole window is one gap
              -- (no updates were seeded). Inserted closed, the rows never pass through that trigger.
              case when g % 50 <> 0 and g % 300 > 0 then array[(g % 300) * 60000.0]::float8[] end
       from generate_series(1, $1::int) g, lateral (select now() - (g % 1000) * interval '1 hour' as t) d`,
      [n],
    );
    await database.pool.query(
      `insert into followups (incident_id, text, due, status, source, created_by, created_at)
       select id, 'f', (declared_at + interval '7 days')::date, case when id % 3 = 0 then 'open' else 'done' end, 'command', 'U', declared_at
       from incidents where number > 1000000 and number % 2 = 0`,
    );
    await database.pool.query('analyze');
    const seedMs = performance.now() - seedStart;
    const q = { viewer: 'UOUTSIDER', now: new Date(), period: 'all' as const, category: null };
    await queryStats(database.db, q, DEFAULT_POLICY);
    const runsMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const s = await queryStats(database.db, q, DEFAULT_POLICY);
      runsMs.push(performance.now() - t0);
      if (s.total === 0) throw new Error('stats bench: the seeded incidents were not counted');
    }
    const s = summarize(runsMs);
    return { incidents: n, seedMs, runsMs, medianMs: s.p50, maxMs: s.max };
  } finally {
    await database.close();
  }
}
