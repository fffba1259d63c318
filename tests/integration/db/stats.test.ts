import { sql } from 'kysely';
import { computeStats, type StatsIncident, type StatsPeriod } from '../../../src/domain/stats';
import { queryStats } from '../../../src/features/stats/stats.queries';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { EXTRA_ENTRIES, FIXTURE, NOW, STATS_POLICY, statusEvents } from '../../support/stats-fixture';

let t: TestDatabase;

/** Seeds one fixture incident the way the bot records it: row, then its events (the trigger fills the milestones), entries, review, feedback. */
async function seed(name: string, i: StatsIncident): Promise<void> {
  const [declarer, ...others] = i.people;
  const { rows } = await t.pool.query(
    `insert into incidents (number, title, severity, category, status, is_private, is_drill, drill_plan, declared_by, declared_at,
       channel_id, channel_name, updated_at, resolved_at)
     values ($1, 'x', $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $9, $11) returning id`,
    // A closed incident is recorded resolved and closed at the end, as the bot does: closing keeps its update gaps.
    [
      i.number,
      i.severity,
      i.category,
      i.status === 'closed' ? 'resolved' : i.status,
      i.isPrivate,
      i.isDrill,
      i.drillPlan,
      declarer,
      i.declaredAt,
      `C${i.number}`,
      i.resolvedAt,
    ],
  );
  const id = rows[0].id;
  const event = (at: Date, kind: string, data: object) =>
    t.pool.query('insert into incident_events (incident_id, kind, actor, at, data) values ($1, $2, $3, $4, $5)', [
      id,
      kind,
      'U',
      at,
      JSON.stringify(data),
    ]);
  for (const e of statusEvents(i)) await event(e.at, 'status', { from: e.from, to: e.to, message: null });
  const entry = (kind: string, at: Date, key: boolean, deleted = false) =>
    t.pool.query(
      'insert into timeline_entries (incident_id, kind, author, text, at, key, deleted) values ($1, $2, $3, $4, $5, $6, $7)',
      [id, kind, 'U', 't', at, key, deleted],
    );
  for (const e of EXTRA_ENTRIES[name]) {
    if (e.kind === 'change') await event(e.at, 'severity', { from: i.severity, to: i.severity });
    else await entry(e.kind, e.at, e.key);
  }
  // A pinned message deleted since: the timeline no longer has it, so it is no update (it would split sev1's 50-minute gap).
  await entry('message', new Date(i.declaredAt.getTime() + 45 * 60_000), true, true);
  for (const user of others) {
    await t.pool.query('insert into incident_participants (incident_id, user_id, added_at) values ($1, $2, $3)', [
      id,
      user,
      i.declaredAt,
    ]);
  }
  for (const f of i.followups) {
    await t.pool.query(
      `insert into followups (incident_id, text, due, status, source, created_by, created_at) values ($1, 'f', $2, $3, 'command', 'U', $4)`,
      [id, f.due, f.status, i.declaredAt],
    );
  }
  if (i.review) {
    const save = (status: string, submittedAt: Date | null) =>
      t.pool.query(
        `insert into reviews (incident_id, answers, status, updated_by, updated_at, submitted_at) values ($1, '{}', $2, 'U', now(), $3)
         on conflict (incident_id) do update set status = excluded.status, submitted_at = excluded.submitted_at`,
        [id, status, submittedAt],
      );
    // Saved as a draft first; a published review is published again a day later, which must not move its first publication.
    await save('draft', null);
    const first = i.review.firstSubmittedAt;
    if (i.review.status === 'submitted' && first) {
      await save('submitted', first);
      await save('submitted', new Date(first.getTime() + 86_400_000));
    }
  }
  if (i.status === 'closed')
    await t.pool.query(`update incidents set status = 'closed', closed_at = $2 where id = $1`, [id, NOW]);
  for (const [k, f] of i.feedback.entries()) {
    await t.pool.query(
      'insert into incident_feedback (incident_id, user_id, requested_at, rating, change, answered_at) values ($1, $2, $3, $4, $5, $6)',
      [id, `UFB${k}`, i.declaredAt, f.rating, f.change, f.rating === null ? null : i.declaredAt],
    );
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
  for (const [name, i] of Object.entries(FIXTURE)) await seed(name, i);
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
  ['UOUTSIDER', '7d', 'Data'],
];

test.each(cases)(
  'SQL figures equal the pure ones (viewer %s, period %s, category %s)',
  async (viewer, period, category) => {
    const q = { viewer, now: NOW, period, category };
    const expected = computeStats(Object.values(FIXTURE), q, STATS_POLICY);
    const actual = await queryStats(t.db, q, STATS_POLICY);
    expect(actual).toEqual(expected);
  },
);

test('the figures the equivalence covers are not all empty', async () => {
  // Guards the test above against agreeing on nothing.
  const s = await queryStats(t.db, { viewer: 'UINSIDE', now: NOW, period: 'all', category: null }, STATS_POLICY);
  expect(s.cadence).toEqual({ measured: 3, kept: 1, covered: (100 + 240 + 63) / (120 + 240 + 360) });
  expect(s.reviews).toEqual({
    required: 3,
    done: 2,
    timeToReview: { count: 2, median: 90 * 60_000, p90: 162 * 60_000 },
  });
  expect(s.feedback).toEqual({ responses: 5, byRating: [1, 1, 0, 2, 1], mean: 16 / 5, median: 4, suggestions: 3 });
  expect(s.plans.map((p) => [p.id, p.lastDrill?.number ?? null, p.lastDrill?.reviewDone ?? null])).toEqual([
    ['db-failover', FIXTURE.privateDrill.number, false],
    ['region-evac', null, null],
  ]);
  expect(s.weeks.map((w) => w.week)).toEqual(['2026-01-12', '2026-03-23', '2026-03-30']);
});

test('closing keeps the gaps between updates; a closed incident is measured from them', async () => {
  const { rows } = await sql<{
    update_gaps: number[];
  }>`select update_gaps from incidents where number = ${FIXTURE.sev1.number}`.execute(t.db);
  // 00:02 resolve, 00:03 reopen, 00:10 ack, 01:00 and 01:05 monitoring, 01:30 pin, 02:00 resolve = end; chatter and the deleted pin are no updates.
  expect(rows[0].update_gaps).toEqual([2, 1, 7, 50, 5, 25, 30, 0].map((m) => m * 60_000));
  const q = { viewer: 'USOMEONE', now: NOW, period: 'all' as const, category: null };
  const before = await queryStats(t.db, q, STATS_POLICY);
  // Deleting an update of the closed incident (its channel is archived, so it cannot happen) changes nothing;
  // deleting one of the resolved incident, which may still change, counts at once.
  const changed = await t.db
    .transaction()
    .execute(async (tx) => {
      const drop = (number: number, at: string) =>
        sql`
        update timeline_entries set deleted = true
        where at = ${new Date(at)} and incident_id = (select id from incidents where number = ${number})`.execute(tx);
      await drop(FIXTURE.sev1.number, '2026-03-30T01:30:00Z');
      const closedOnly = await queryStats(tx, q, STATS_POLICY);
      await drop(FIXTURE.reopened.number, '2026-03-29T01:00:00Z');
      const both = await queryStats(tx, q, STATS_POLICY);
      throw Object.assign(new Error('rollback'), { result: [closedOnly, both] });
    })
    .catch((e: { result?: Awaited<ReturnType<typeof queryStats>>[] }) => e.result);
  expect(changed?.[0].cadence).toEqual(before.cadence);
  expect(changed?.[1].cadence).toEqual({ ...before.cadence, kept: 0, covered: (100 + 210) / (120 + 240) });
});

test('a review published again keeps its first publication time', async () => {
  const { rows } = await sql<{ first_submitted_at: Date; submitted_at: Date }>`
    select first_submitted_at, submitted_at from reviews r join incidents i on i.id = r.incident_id where i.number = ${FIXTURE.sev1.number}`.execute(
    t.db,
  );
  expect(rows[0].first_submitted_at.toISOString()).toBe('2026-03-30T05:00:00.000Z');
  expect(rows[0].submitted_at.toISOString()).toBe('2026-03-31T05:00:00.000Z');
});

test('the trigger keeps the first acknowledgement and the first mitigation', async () => {
  const { rows } = await sql<{ acknowledged_at: Date; mitigated_at: Date }>`
    select acknowledged_at, mitigated_at from incidents where number = 1`.execute(t.db);
  expect(rows[0].acknowledged_at.toISOString()).toBe(FIXTURE.sev1.acknowledgedAt?.toISOString());
  expect(rows[0].mitigated_at.toISOString()).toBe(FIXTURE.sev1.mitigatedAt?.toISOString());
});
