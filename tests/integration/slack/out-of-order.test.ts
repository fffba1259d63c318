import { sql } from 'kysely';
import { declareAndResolve, type Harness, run, startHarness } from '../../support/harness';

// Slack retries each event on its own schedule, so an edit or a deletion can come
// before the message it changes (the message's first delivery failed). Whatever
// the order, the timeline and the review end up as the channel does.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.stop());

const ws = () => h.emulator.workspace;
const USER = 'UALICE';

beforeEach(() => {
  ws().owedEventRetries.length = 0;
});

/** Stores of rows whose text matches `pattern` fail (as on a statement timeout) until `allowAll`, so those deliveries get a 500. */
async function refuseText(pattern: string) {
  await sql
    .raw(
      `create function refuse_text() returns trigger language plpgsql as $$
       begin if NEW.text ~ '${pattern}' then raise exception 'refused by the test' using errcode = '57014'; end if; return NEW; end $$;
       create trigger refuse_text before insert or update on timeline_entries for each row execute function refuse_text()`,
    )
    .execute(h.db);
}
const allowAll = () =>
  sql
    .raw('drop trigger if exists refuse_text on timeline_entries; drop function if exists refuse_text()')
    .execute(h.db);

/** Publishes the review through its modal and returns the generated document. */
async function publishReview(channel: string, incidentId: number): Promise<string> {
  const before = new Set(
    ws()
      .openViews(USER)
      .map((v) => v.id),
  );
  await run(h, USER, channel, 'review');
  const view = await h.emulator.waitFor(() =>
    ws()
      .openViews(USER)
      .find((v) => !before.has(v.id) && v.view.callback_id === 'firebreak_review'),
  );
  const res = await h.emulator.submitView({
    user: USER,
    viewId: view.id,
    values: { summary: 'A secret was pasted', customerImpact: 'None', rootCause: 'Copy and paste', actionItems: '' },
  });
  expect(res.body).toBe('');
  await h.bot.idle();
  const review = await h.db
    .selectFrom('reviews')
    .select('document')
    .where('incident_id', '=', incidentId)
    .executeTakeFirstOrThrow();
  return review.document!;
}

const rowFor = (incidentId: number, ts: string) =>
  h.db
    .selectFrom('timeline_entries')
    .select(['text', 'edited', 'deleted'])
    .where('incident_id', '=', incidentId)
    .where('slack_ts', '=', ts)
    .executeTakeFirstOrThrow();

test.each([
  ['in order', false],
  ['the deletion before the message and its pin', true],
])('a deleted message does not come back: %s', async (_order, deletionFirst) => {
  const row = await declareAndResolve(h, USER, { title: `Secret pasted, ${_order}` });
  const ch = row.channel_id;
  await h.emulator.postUserMessage({ user: USER, channel: ch, text: 'Rotating the database password now' });
  if (deletionFirst) await refuseText('hunter2');
  let secret: { ts: string };
  try {
    const posted = await h.emulator.postUserMessage({ user: USER, channel: ch, text: 'the db password is hunter2' });
    secret = posted;
    const pinned = await h.emulator.pinMessage({ user: USER, channel: ch, ts: posted.ts });
    expect([posted.response.status, pinned.status]).toEqual(deletionFirst ? [500, 500] : [200, 200]);
  } finally {
    await allowAll();
  }
  expect((await h.emulator.deleteUserMessage({ user: USER, channel: ch, ts: secret.ts })).status).toBe(200);
  // Slack now delivers the message and the pin again: they must not bring the text back.
  expect((await h.emulator.redeliverEvents()).map((r) => r.status)).toEqual(deletionFirst ? [200, 200] : []);

  expect(await rowFor(row.id, secret.ts)).toEqual({ text: '', edited: false, deleted: true });
  const leaked = await h.db.selectFrom('timeline_entries').select('id').where('text', 'like', '%hunter2%').execute();
  expect(leaked).toEqual([]);
  const timeline = (await run(h, USER, ch, 'timeline')).replies.join();
  expect(timeline).toContain(`Secret pasted, ${_order}`);
  expect(timeline).not.toContain('hunter2');
  const doc = await publishReview(ch, row.id);
  expect(doc).toContain('Rotating the database password now');
  expect(doc).not.toContain('hunter2');
});

test.each([
  ['in order', null],
  ['the older edit after the newer one', 'v2'],
  ['the message and the older edit after the newer edit', 'v1|v2'],
])('the newest edit wins whatever order they come in: %s', async (order, refused) => {
  const row = await declareAndResolve(h, USER, { title: `Edits, ${order}` });
  const ch = row.channel_id;
  if (refused) await refuseText(refused);
  let ts: string;
  try {
    const posted = await h.emulator.postUserMessage({ user: USER, channel: ch, text: 'Deploy v1 rolled out at 10:02' });
    ts = posted.ts;
    const older = await h.emulator.editUserMessage({
      user: USER,
      channel: ch,
      ts,
      text: 'Deploy v2 rolled out at 10:02',
    });
    const newer = await h.emulator.editUserMessage({
      user: USER,
      channel: ch,
      ts,
      text: 'Deploy v3 rolled out at 10:02',
    });
    expect(newer.status).toBe(200);
    expect([posted.response.status, older.status].filter((s) => s !== 200)).toHaveLength(
      refused?.split('|').length ?? 0,
    );
  } finally {
    await allowAll();
  }
  expect((await h.emulator.redeliverEvents()).every((r) => r.status === 200)).toBe(true);

  expect(await rowFor(row.id, ts)).toEqual({ text: 'Deploy v3 rolled out at 10:02', edited: true, deleted: false });
  const doc = await publishReview(ch, row.id);
  expect(doc).toContain('Deploy v3 rolled out at 10:02');
  expect(doc).not.toMatch(/Deploy v[12]/);
});
