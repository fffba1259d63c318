import { sql } from 'kysely';
import { queryStats } from '../../../src/db/stats.queries';
import { computeStats, type StatsIncident, type StatsPeriod } from '../../../src/domain/stats';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { FIXTURE, NOW } from '../../support/stats-fixture';

let t: TestDatabase;

/** Seeds one fixture incident the way the bot records it: row, then status events (the trigger fills the milestones). */
async function seed(n: number, i: StatsIncident): Promise<void> {
  const [declarer, ...others] = i.people;
  const { rows } = await t.pool.query(
    `insert into incidents (number, title, severity, category, status, is_private, is_drill, declared_by, declared_at,
       channel_id, channel_name, updated_at, resolved_at)
     values ($1, 'x', $2, $3, $4, $5, $6, $7, $8, $9, $9, $8, $10) returning id`,
    [n, i.severity, i.category, i.status, i.isPrivate, i.isDrill, declarer, i.declaredAt, `C${n}`, i.resolvedAt],
  );
  const id = rows[0].id;
  const event = (at: Date, from: string, to: string) =>
    t.pool.query(`insert into incident_events (incident_id, kind, actor, at, data) values ($1, 'status', 'U', $2, $3)`, [
      id,
      at,
      JSON.stringify({ from, to, message: null }),
    ]);
  const later = (d: Date, min: number) => new Date(d.getTime() + min * 60_000);
  if (i.acknowledgedAt) await event(i.acknowledgedAt, 'triage', 'investigating');
  if (i.mitigatedAt) {
    await event(i.mitigatedAt, 'investigating', 'monitoring');
    // A second move to monitoring must not replace the first.
    await event(later(i.mitigatedAt, 5), 'identified', 'monitoring');
  }
  if (i.status === 'cancelled') await event(later(i.declaredAt, 1), 'triage', 'cancelled');
  if (i.resolvedAt) {
    // An earlier resolve that was reopened: the row keeps only the last one, as lifecycle.ts does.
    await event(later(i.declaredAt, 2), 'investigating', 'resolved');
    await event(later(i.declaredAt, 3), 'resolved', 'investigating');
    await event(i.resolvedAt, 'investigating', 'resolved');
  }
  for (const user of others) {
    await t.pool.query('insert into incident_participants (incident_id, user_id, added_at) values ($1, $2, $3)', [id, user, i.declaredAt]);
  }
  for (const f of i.followups) {
    await t.pool.query(
      `insert into followups (incident_id, text, due, status, source, created_by, created_at) values ($1, 'f', $2, $3, 'command', 'U', $4)`,
      [id, f.due, f.status, i.declaredAt],
    );
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
  let n = 1;
  for (const i of Object.values(FIXTURE)) await seed(n++, i);
});

afterAll(async () => {
  await t?.drop();
});

const cases: Array<[string, StatsPeriod, string | null]> = [
  ['USOMEONE', 'all', null],
  ['UINSIDE', 'all', null],
  ['UDECL', '7d', null],
  ['USOMEONE', '30d', null],
  ['USOMEONE', '90d', 'Availability'],
  ['UINSIDE', 'all', 'Security'],
  ['USOMEONE', 'all', 'Nothing'],
];

test.each(cases)('SQL figures equal the pure ones (viewer %s, period %s, category %s)', async (viewer, period, category) => {
  const q = { viewer, now: NOW, period, category };
  const expected = computeStats(Object.values(FIXTURE), q);
  const actual = await queryStats(t.db, q);
  expect(actual).toEqual(expected);
});

test('the trigger keeps the first acknowledgement and the first mitigation', async () => {
  const { rows } = await sql<{ acknowledged_at: Date; mitigated_at: Date }>`
    select acknowledged_at, mitigated_at from incidents where number = 1`.execute(t.db);
  expect(rows[0].acknowledged_at.toISOString()).toBe(FIXTURE.sev1.acknowledgedAt?.toISOString());
  expect(rows[0].mitigated_at.toISOString()).toBe(FIXTURE.sev1.mitigatedAt?.toISOString());
});
