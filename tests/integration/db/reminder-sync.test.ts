import { PgReminderRepository } from '../../../src/features/updates/reminder.repository';
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

const rows = async (incident = incidentId) =>
  Object.fromEntries(
    (
      await t.db
        .selectFrom('reminders')
        .select(['kind', 'due_at', 'active'])
        .where('incident_id', '=', incident)
        .execute()
    ).map((r) => [r.kind, { due: r.due_at.toISOString(), active: r.active }]),
  );

describe('syncing an incident’s reminders in one statement', () => {
  test('creates only what is due, moves what exists, deactivates what is no longer due', async () => {
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
    await repo.syncIncident(incidentId, [
      { kind: 'update_nudge', due: null },
      { kind: 'stakeholder_digest', due: later(90) },
      { kind: 'commander_nudge', due: later(5) },
    ]);
    expect(await rows()).toEqual({
      update_nudge: { due: later(30).toISOString(), active: false },
      stakeholder_digest: { due: later(90).toISOString(), active: true },
      commander_nudge: { due: later(5).toISOString(), active: true },
    });
    await repo.syncIncident(incidentId, [{ kind: 'update_nudge', due: later(45) }]);
    expect((await rows()).update_nudge).toEqual({ due: later(45).toISOString(), active: true });
    expect(Object.keys(await repo.states(incidentId)).sort()).toEqual([
      'commander_nudge',
      'stakeholder_digest',
      'update_nudge',
    ]);
  });

  test("a follow-up's reminder follows the same rules, and never touches the incident's own rows", async () => {
    const repo = new PgReminderRepository(t.db);
    // Its own incident, with a reminder of its own to leave alone: the other test syncs incident 1's in any order.
    const own = await seedIncident(t, { number: 2, channelId: 'CINC2', at: AT, status: 'investigating' });
    await repo.syncIncident(own, [{ kind: 'update_nudge', due: later(30) }]);
    const followup = async (text: string) =>
      Number(
        (
          await t.db
            .insertInto('followups')
            .values({ incident_id: own, text, source: 'command', created_by: 'UBOB', created_at: AT })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id,
      );
    const [a, b] = [await followup('rotate the cert'), await followup('add an alert')];
    const nudges = async () =>
      Object.fromEntries(
        (
          await t.db
            .selectFrom('reminders')
            .select(['followup_id', 'due_at', 'active'])
            .where('kind', '=', 'followup_nudge')
            .execute()
        ).map((r) => [Number(r.followup_id), { due: r.due_at.toISOString(), active: r.active }]),
      );
    const before = await rows(own);
    // Not due: no row at all.
    await repo.sync(own, a, 'followup_nudge', null);
    expect(await nudges()).toEqual({});
    await repo.sync(own, a, 'followup_nudge', later(120));
    await repo.sync(own, b, 'followup_nudge', later(240));
    expect(await nudges()).toEqual({
      [a]: { due: later(120).toISOString(), active: true },
      [b]: { due: later(240).toISOString(), active: true },
    });
    // Moved when due at another time; deactivated when no longer due.
    await repo.sync(own, a, 'followup_nudge', later(300));
    await repo.sync(own, b, 'followup_nudge', null);
    expect(await nudges()).toEqual({
      [a]: { due: later(300).toISOString(), active: true },
      [b]: { due: later(240).toISOString(), active: false },
    });
    await repo.sync(own, b, 'followup_nudge', later(360));
    expect((await nudges())[b]).toEqual({ due: later(360).toISOString(), active: true });
    // The incident's own reminders are as they were.
    const { followup_nudge: _ours, ...incidentOwn } = await rows(own);
    expect(incidentOwn).toEqual(before);
  });
});
