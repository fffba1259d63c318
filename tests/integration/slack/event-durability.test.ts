import { sql } from 'kysely';
import pg from 'pg';
import { declare, type Harness, startHarness } from '../../support/harness';

// Slack is told "received" only for what is committed: whatever stops a store,
// the answer is not a 200, Slack delivers the event again, and the redelivery
// stores it exactly once.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.stop());

const ws = () => h.emulator.workspace;
const texts = async (incidentId: number) =>
  (
    await h.db
      .selectFrom('timeline_entries')
      .select('text')
      .where('incident_id', '=', incidentId)
      .orderBy('slack_ts')
      .execute()
  ).map((r) => r.text);

let tsSeq = 0;
function message(channel: string, text: string) {
  const ts = `${Math.floor(Date.now() / 1000)}.${String(++tsSeq).padStart(6, '0')}`;
  return { type: 'message', channel, user: 'UBOB', text, ts, event_ts: ts, channel_type: 'channel' };
}

beforeEach(() => {
  ws().owedEventRetries.length = 0;
});

test('a message answered 200 is already committed when the answer arrives', async () => {
  const row = await declare(h, 'UBOB', { title: 'Ack after commit', commander: 'UBOB' });
  const sent = Array.from({ length: 30 }, (_, n) => message(row.channel_id, `burst ${n}`));
  // No idle(): each answer is checked against the database the moment it arrives.
  const seen = await Promise.all(
    sent.map(async (event, n) => {
      const res = await h.emulator.sendEvent(event, { eventId: `Ev-ACK-${n}` });
      expect(res.status).toBe(200);
      return h.db
        .selectFrom('timeline_entries')
        .select('text')
        .where('incident_id', '=', row.id)
        .where('slack_ts', '=', event.ts)
        .executeTakeFirst();
    }),
  );
  expect(seen.map((r) => r?.text)).toEqual(sent.map((e) => e.text));
});

test('while a migration holds the timeline tables, no event is answered 200; replayed after, each is stored exactly once', async () => {
  const row = await declare(h, 'UBOB', { title: 'Locked tables', commander: 'UBOB' });
  const ch = row.channel_id;
  const edited = await h.emulator.postUserMessage({ user: 'UBOB', channel: ch, text: 'before the lock' });
  expect(edited.response.status).toBe(200);

  const locker = new pg.Client({ connectionString: h.database.url });
  await locker.connect();
  let answers: number[];
  try {
    await locker.query('begin');
    await locker.query('lock table timeline_entries, slack_events in access exclusive mode');
    // The lock is held until every delivery has been answered (or timed out): far
    // longer than any statement may wait on it.
    const sends = [
      ...Array.from({ length: 5 }, (_, n) =>
        h.emulator.postUserMessage({ user: 'UBOB', channel: ch, text: `while locked ${n}` }).then((r) => r.response),
      ),
      h.emulator.editUserMessage({ user: 'UBOB', channel: ch, ts: edited.ts, text: 'edited while locked' }),
    ];
    answers = (await Promise.all(sends)).map((r) => r.status);
  } finally {
    await locker.query('rollback');
    await locker.end();
  }
  expect(answers.filter((s) => s === 200)).toEqual([]);
  expect(ws().owedEventRetries).toHaveLength(6);

  // Slack replays what it was not told it has; then it replays one more time, as if
  // the first replay's answer had been lost: still nothing twice.
  const retried = ws().owedEventRetries.map((r) => ({ ...r }));
  expect((await h.emulator.redeliverEvents()).map((r) => r.status)).toEqual(Array(6).fill(200));
  ws().owedEventRetries.push(...retried.map((r) => ({ ...r, retryNum: r.retryNum + 1 })));
  expect((await h.emulator.redeliverEvents()).map((r) => r.status)).toEqual(Array(6).fill(200));

  expect(await texts(row.id)).toEqual([
    'edited while locked',
    ...Array.from({ length: 5 }, (_, n) => `while locked ${n}`),
  ]);
});

// Errors a store can meet that are not "the database is unreachable": a replica
// promoted read-only after a failover, a statement timeout, a full disk, a
// serialization failure, a lock held by a migration.
test.each([
  ['25006', 'read-only transaction'],
  ['57014', 'statement timeout'],
  ['53100', 'disk full'],
  ['40001', 'serialization failure'],
  ['55P03', 'lock not available'],
])('a store failing with SQLSTATE %s (%s) answers 500, and the redelivery is stored once', async (code) => {
  const row = await declare(h, 'UBOB', { title: `SQLSTATE ${code}`, commander: 'UBOB' });
  await sql
    .raw(
      `create function fail_store() returns trigger language plpgsql as $$ begin raise exception 'forced by the test' using errcode = '${code}'; end $$;
       create trigger fail_store before insert or update on timeline_entries for each row execute function fail_store()`,
    )
    .execute(h.db);
  const events = [message(row.channel_id, `first under ${code}`), message(row.channel_id, `second under ${code}`)];
  try {
    const answers = await Promise.all(events.map((e, n) => h.emulator.sendEvent(e, { eventId: `Ev-${code}-${n}` })));
    expect(answers.map((a) => a.status)).toEqual([500, 500]);
  } finally {
    await sql.raw('drop trigger fail_store on timeline_entries; drop function fail_store()').execute(h.db);
  }
  expect(
    ws()
      .owedEventRetries.map((r) => [r.envelope.event_id, r.retryNum, r.retryReason])
      .sort(),
  ).toEqual([
    [`Ev-${code}-0`, 1, 'http_error'],
    [`Ev-${code}-1`, 1, 'http_error'],
  ]);
  expect((await h.emulator.redeliverEvents()).map((a) => a.status)).toEqual([200, 200]);
  expect(await texts(row.id)).toEqual(events.map((e) => e.text));
});
