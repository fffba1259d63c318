import { PgReminderRepository } from '../../../src/db/reminder.repository';
import { createTestDatabase, seedIncident, type TestDatabase } from '../../support/database';

let t: TestDatabase;
let incidentId: number;
const AT = new Date('2026-11-27T03:00:00Z');
const later = (min: number) => new Date(AT.getTime() + min * 60_000);

beforeAll(async () => {
  t = await createTestDatabase();
  incidentId = await seedIncident(t, { number: 1, channelId: 'CINC1', at: AT, status: 'investigating' });
});
afterAll(() => t.drop());

const rows = async () =>
  Object.fromEntries(
    (await t.db.selectFrom('reminders').select(['kind', 'due_at', 'active']).where('incident_id', '=', incidentId).execute()).map((r) => [
      r.kind,
      { due: r.due_at.toISOString(), active: r.active },
    ]),
  );

describe('syncing an incident’s reminders in one statement', () => {
  test('creates only what is due, moves what exists, deactivates what is no longer due, and leaves a claimed row’s due time', async () => {
    const repo = new PgReminderRepository(t.db);
    await repo.syncIncident(incidentId, [
      { kind: 'update_nudge', due: later(30) },
      { kind: 'stakeholder_digest', due: later(60) },
      { kind: 'commander_nudge', due: null },
    ]);
    expect(await rows()).toEqual({
      update_nudge: { due: later(30).toISOString(), active: true },
      stakeholder_digest: { due: later(60).toISOString(), active: true },
    });
    // A replica claims the digest (its due time becomes the lease end).
    await t.pool.query(`update reminders set claim_token = 'tok', due_at = $2 where incident_id = $1 and kind = 'stakeholder_digest'`, [incidentId, later(1)]);
    await repo.syncIncident(incidentId, [
      { kind: 'update_nudge', due: null },
      { kind: 'stakeholder_digest', due: later(90) },
      { kind: 'commander_nudge', due: later(5) },
    ]);
    expect(await rows()).toEqual({
      update_nudge: { due: later(30).toISOString(), active: false },
      stakeholder_digest: { due: later(1).toISOString(), active: true },
      commander_nudge: { due: later(5).toISOString(), active: true },
    });
    await repo.syncIncident(incidentId, [{ kind: 'update_nudge', due: later(45) }]);
    expect((await rows()).update_nudge).toEqual({ due: later(45).toISOString(), active: true });
    expect(Object.keys(await repo.states(incidentId)).sort()).toEqual(['commander_nudge', 'stakeholder_digest', 'update_nudge']);
  });
});
