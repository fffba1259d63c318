import { PgTimelineRepository } from '../../../src/db/timeline.repository';
import { createTestDatabase, seedIncident, type TestDatabase } from '../../support/database';

let t: TestDatabase;
let incidentId: number;
const AT = new Date('2026-11-27T03:00:00Z');

beforeAll(async () => {
  t = await createTestDatabase();
  incidentId = await seedIncident(t, { number: 1, channelId: 'CINC1', at: AT });
});
afterAll(() => t.drop());

const message = (ts: string, text = `m ${ts}`) => ({ kind: 'message' as const, author: 'UBOB', text, at: AT, slackTs: ts, threadTs: null });
const texts = async () =>
  (await t.db.selectFrom('timeline_entries').select(['slack_ts', 'text']).where('incident_id', '=', incidentId).orderBy('slack_ts').execute()).map(
    (r) => `${r.slack_ts}:${r.text}`,
  );

describe('timeline ingest', () => {
  test('messages arriving together: the first copy of each is recorded, later copies are duplicates, other channels ignored', async () => {
    const repo = new PgTimelineRepository(t.db);
    const outcomes = await Promise.all([
      repo.ingest('Ev1', 'CINC1', AT, message('1.000001')),
      repo.ingest('Ev2', 'CINC1', AT, message('1.000002')),
      // The same Slack message redelivered in the same burst, once under the same event id and once under another.
      repo.ingest('Ev1', 'CINC1', AT, message('1.000001')),
      repo.ingest('Ev1-again', 'CINC1', AT, message('1.000001')),
      repo.ingest('Ev3', 'CELSEWHERE', AT, message('1.000003')),
    ]);
    expect(outcomes).toEqual(['recorded', 'recorded', 'duplicate', 'duplicate', 'ignored']);
    expect(await texts()).toEqual(['1.000001:m 1.000001', '1.000002:m 1.000002']);
    // Delivered again later, alone: still a duplicate.
    expect(await repo.ingest('Ev2', 'CINC1', AT, message('1.000002'))).toBe('duplicate');
  });

  test('a message redelivered after its edit and deletion does not bring back its first text', async () => {
    const repo = new PgTimelineRepository(t.db);
    expect(await repo.ingest('EvA', 'CINC1', AT, message('2.000001', 'first words'))).toBe('recorded');
    expect(await repo.ingest('EvA-edit', 'CINC1', AT, { kind: 'edit', slackTs: '2.000001', text: 'better words' })).toBe('recorded');
    expect(await repo.ingest('EvA-edit', 'CINC1', AT, { kind: 'edit', slackTs: '2.000001', text: 'better words' })).toBe('duplicate');
    expect(await repo.ingest('EvA', 'CINC1', AT, message('2.000001', 'first words'))).toBe('duplicate');
    expect(await texts()).toContain('2.000001:better words');
    expect(await repo.ingest('EvA-del', 'CINC1', AT, { kind: 'delete', slackTs: '2.000001' })).toBe('recorded');
    expect(await repo.ingest('EvA', 'CINC1', AT, message('2.000001', 'first words'))).toBe('duplicate');
    const row = await t.db.selectFrom('timeline_entries').select(['text', 'deleted']).where('slack_ts', '=', '2.000001').executeTakeFirstOrThrow();
    expect(row).toEqual({ text: 'better words', deleted: true });
  });

  test('inside a transaction a message is stored at once, with the same outcome', async () => {
    const outcome = await t.db.transaction().execute((tx) => new PgTimelineRepository(tx).ingest('EvT', 'CINC1', AT, message('3.000001')));
    expect(outcome).toBe('recorded');
    expect(await t.db.transaction().execute((tx) => new PgTimelineRepository(tx).ingest('EvT', 'CINC1', AT, message('3.000001')))).toBe('duplicate');
  });

  test('a key mark that finds its message stored after all marks that row instead of being lost, and keeps the first reason', async () => {
    const repo = new PgTimelineRepository(t.db);
    expect(await repo.ingest('EvK', 'CINC1', AT, message('9.000001', 'stored by the intake'))).toBe('recorded');
    // The pin looked first, saw nothing, then inserted with its key: the row is there by now.
    const row = { incidentId, author: 'UBOB', text: 'stored by the intake', at: AT, slackTs: '9.000001', threadTs: null };
    expect(await repo.addMessage(row, 'pin')).toBe(true);
    expect(await repo.addMessage(row, 'reaction')).toBe(false);
    expect(await repo.addMessage(row)).toBe(false);
    const stored = await t.db.selectFrom('timeline_entries').select(['key', 'key_reason']).where('incident_id', '=', incidentId).where('slack_ts', '=', '9.000001').execute();
    expect(stored).toEqual([{ key: true, key_reason: 'pin' }]);
  });
});
