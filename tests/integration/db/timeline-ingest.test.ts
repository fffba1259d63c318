import { PgTimelineRepository } from '../../../src/features/timeline/timeline.repository';
import { createTestDatabase, seedIncident, type TestDatabase } from '../../support/database';

let t: TestDatabase;
let incidentId: number;
const AT = new Date('2026-11-27T03:00:00Z');

beforeAll(async () => {
  t = await createTestDatabase();
  incidentId = await seedIncident(t, { number: 1, channelId: 'CINC1', at: AT });
});
afterAll(() => t.drop());

const message = (ts: string, text = `m ${ts}`) => ({
  kind: 'message' as const,
  author: 'UBOB',
  text,
  at: AT,
  slackTs: ts,
  threadTs: null,
});
const texts = async (incident = incidentId) =>
  (
    await t.db
      .selectFrom('timeline_entries')
      .select(['slack_ts', 'text'])
      .where('incident_id', '=', incident)
      .orderBy('slack_ts')
      .execute()
  ).map((r) => `${r.slack_ts}:${r.text}`);

describe('timeline ingest', () => {
  test('messages arriving together: the first copy of each is recorded, later copies are duplicates, other channels ignored', async () => {
    const repo = new PgTimelineRepository(t.db);
    // Its own incident: it asserts the whole timeline, which the other tests add to in whatever order they run.
    const own = await seedIncident(t, { number: 2, channelId: 'CINC2', at: AT });
    const outcomes = await Promise.all([
      repo.ingest('Ev1', 'CINC2', AT, message('1.000001')),
      repo.ingest('Ev2', 'CINC2', AT, message('1.000002')),
      // The same Slack message redelivered in the same burst, once under the same event id and once under another.
      repo.ingest('Ev1', 'CINC2', AT, message('1.000001')),
      repo.ingest('Ev1-again', 'CINC2', AT, message('1.000001')),
      repo.ingest('Ev3', 'CELSEWHERE', AT, message('1.000003')),
    ]);
    expect(outcomes).toEqual(['recorded', 'recorded', 'duplicate', 'duplicate', 'ignored']);
    expect(await texts(own)).toEqual(['1.000001:m 1.000001', '1.000002:m 1.000002']);
    // Delivered again later, alone: still a duplicate.
    expect(await repo.ingest('Ev2', 'CINC2', AT, message('1.000002'))).toBe('duplicate');
  });

  test('a message redelivered after its edit and deletion does not bring back its first text', async () => {
    const repo = new PgTimelineRepository(t.db);
    expect(await repo.ingest('EvA', 'CINC1', AT, message('2.000001', 'first words'))).toBe('recorded');
    expect(
      await repo.ingest('EvA-edit', 'CINC1', AT, {
        kind: 'edit',
        slackTs: '2.000001',
        text: 'better words',
        editTs: '2.000005',
      }),
    ).toBe('recorded');
    expect(
      await repo.ingest('EvA-edit', 'CINC1', AT, {
        kind: 'edit',
        slackTs: '2.000001',
        text: 'better words',
        editTs: '2.000005',
      }),
    ).toBe('duplicate');
    expect(await repo.ingest('EvA', 'CINC1', AT, message('2.000001', 'first words'))).toBe('duplicate');
    expect(await texts()).toContain('2.000001:better words');
    expect(await repo.ingest('EvA-del', 'CINC1', AT, { kind: 'delete', slackTs: '2.000001' })).toBe('recorded');
    expect(await repo.ingest('EvA', 'CINC1', AT, message('2.000001', 'first words'))).toBe('duplicate');
    const row = await t.db
      .selectFrom('timeline_entries')
      .select(['text', 'deleted'])
      .where('slack_ts', '=', '2.000001')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ text: '', deleted: true });
  });

  test('inside a transaction a message is stored at once, with the same outcome', async () => {
    const outcome = await t.db
      .transaction()
      .execute((tx) => new PgTimelineRepository(tx).ingest('EvT', 'CINC1', AT, message('3.000001')));
    expect(outcome).toBe('recorded');
    expect(
      await t.db
        .transaction()
        .execute((tx) => new PgTimelineRepository(tx).ingest('EvT', 'CINC1', AT, message('3.000001'))),
    ).toBe('duplicate');
  });

  test('a key mark that finds its message stored after all marks that row instead of being lost, and keeps the first reason', async () => {
    const repo = new PgTimelineRepository(t.db);
    expect(await repo.ingest('EvK', 'CINC1', AT, message('9.000001', 'stored from its own event'))).toBe('recorded');
    // The pin looked first, saw nothing, then inserted with its key: the row is there by now.
    const row = {
      incidentId,
      author: 'UBOB',
      text: 'stored from its own event',
      at: AT,
      slackTs: '9.000001',
      threadTs: null,
    };
    expect(await repo.addMessage(row, 'pin')).toBe(true);
    expect(await repo.addMessage(row, 'reaction')).toBe(false);
    expect(await repo.addMessage(row)).toBe(false);
    const stored = await t.db
      .selectFrom('timeline_entries')
      .select(['key', 'key_reason'])
      .where('incident_id', '=', incidentId)
      .where('slack_ts', '=', '9.000001')
      .execute();
    expect(stored).toEqual([{ key: true, key_reason: 'pin' }]);
  });

  test('an edit or a deletion racing its message is never lost, whichever commits first', async () => {
    const repo = new PgTimelineRepository(t.db);
    const n = 20;
    const ts = (i: number) => `4.${String(i).padStart(6, '0')}`;
    await Promise.all(
      Array.from({ length: n }, (_, i) => [
        repo.ingest(`EvR-${i}`, 'CINC1', AT, message(ts(i), 'as posted')),
        i % 2
          ? repo.ingest(`EvR-${i}-del`, 'CINC1', AT, { kind: 'delete', slackTs: ts(i) })
          : repo.ingest(`EvR-${i}-edit`, 'CINC1', AT, {
              kind: 'edit',
              slackTs: ts(i),
              text: 'as edited',
              editTs: '5.000001',
            }),
      ]).flat(),
    );
    const rows = await t.db
      .selectFrom('timeline_entries')
      .select(['slack_ts', 'text', 'deleted', 'arrived', 'author'])
      .where('slack_ts', 'like', '4.%')
      .orderBy('slack_ts')
      .execute();
    expect(rows).toEqual(
      Array.from({ length: n }, (_, i) => ({
        slack_ts: ts(i),
        text: i % 2 ? '' : 'as edited',
        deleted: i % 2 === 1,
        arrived: true,
        author: 'UBOB',
      })),
    );
  });

  test('a row kept for an early edit is not a message yet: the timeline skips it and a :pushpin: finds nothing, a pin fills it in', async () => {
    const repo = new PgTimelineRepository(t.db);
    expect(
      await repo.ingest('EvP-edit', 'CINC1', AT, {
        kind: 'edit',
        slackTs: '6.000001',
        text: 'edited first',
        editTs: '6.000009',
      }),
    ).toBe('recorded');
    expect((await repo.entries(incidentId)).map((e) => e.slackTs)).not.toContain('6.000001');
    expect(await repo.markKey(incidentId, '6.000001', 'reaction')).toBe('missing');
    // A pin carries the message as it is now; the row takes its author and time and keeps the edit.
    expect(
      await repo.addMessage(
        { incidentId, author: 'UCAROL', text: 'edited first', at: AT, slackTs: '6.000001', threadTs: null },
        'pin',
      ),
    ).toBe(true);
    // The message's own event, redelivered at last, changes nothing.
    expect(await repo.ingest('EvP', 'CINC1', AT, message('6.000001', 'as first posted'))).toBe('duplicate');
    const entry = (await repo.entries(incidentId)).find((e) => e.slackTs === '6.000001');
    expect(entry).toMatchObject({ author: 'UCAROL', text: 'edited first', key: true, keyReason: 'pin', edited: true });
  });

  test('edits of a stored message: the newest by its edit ts wins, an older one coming late changes nothing', async () => {
    const repo = new PgTimelineRepository(t.db);
    await repo.ingest('EvE', 'CINC1', AT, message('7.000001', 'v1'));
    await repo.ingest('EvE-3', 'CINC1', AT, { kind: 'edit', slackTs: '7.000001', text: 'v3', editTs: '7.000003' });
    expect(
      await repo.ingest('EvE-2', 'CINC1', AT, { kind: 'edit', slackTs: '7.000001', text: 'v2', editTs: '7.000002' }),
    ).toBe('recorded');
    expect(await texts()).toContain('7.000001:v3');
    await repo.ingest('EvE-4', 'CINC1', AT, { kind: 'edit', slackTs: '7.000001', text: 'v4', editTs: '17.000004' });
    expect(await texts()).toContain('7.000001:v4');
  });
});
