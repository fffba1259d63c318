// The declarer's critical path: the modal answers with the channel's link as soon as the channel exists,
// the channel is set up by calls side by side, and a declaration costs no Web API call it does not need.

import { sql } from 'kysely';
import { declareValues, formAnswer, type Harness, openDeclare, startHarness } from '../../support/harness';
import { pendingNotices } from '../../support/outbox';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.stop());

const ws = () => h.emulator.workspace;

/** Declares and waits until nothing is owed any more, retries included (bot.idle() waits only for what is due now). */
async function declareAndSettle(
  user: string,
  title: string,
  commander = user,
  { channel: typedIn = 'CGENERAL', beforeSubmit = () => {} } = {},
) {
  await h.bot.idle();
  const view = await openDeclare(h, user, typedIn, title);
  beforeSubmit();
  const from = ws().calls.length;
  const res = await h.emulator.submitView({ user, viewId: view.id, values: declareValues({ title, commander }) });
  await h.emulator.waitFor(async () => (await pendingNotices(h.db)) === 0, 15_000);
  const row = await h.db
    .selectFrom('incidents')
    .selectAll()
    .where('declare_key', '=', view.id)
    .executeTakeFirstOrThrow();
  const channel = row.channel_id!;
  const notice = await h.db
    .selectFrom('outbox')
    .select(['status', 'errors'])
    .where('lane', '=', `incident:${row.id}`)
    .where(sql<string>`notice->>'type'`, '=', 'declared')
    .executeTakeFirstOrThrow();
  return {
    row,
    channel,
    answer: formAnswer(res),
    calls: ws().calls.slice(from),
    notice,
    headers: () =>
      ws()
        .messagesIn(channel)
        .filter((m) => m.text.startsWith(`INC-${row.number}: ${title}`)),
    announcements: () =>
      ws()
        .messagesIn('CINCIDENTS')
        .filter((m) => m.text.includes(`INC-${row.number}: `)),
  };
}

const methods = (calls: { method: string }[]) => calls.map((c) => c.method).sort();

describe('the declarer', () => {
  test('sees the link in the modal, then in the channel they typed in', async () => {
    const d = await declareAndSettle('UALICE', 'Link at once');
    expect(d.answer).toBe(`:white_check_mark: INC-${d.row.number} is declared. Its channel is <#${d.channel}>.`);
    expect(ws().views.get(d.row.declare_key!)).toMatchObject({
      isOpen: true,
      view: { title: { text: 'Declare an incident' } },
    });
    expect(
      ws()
        .ephemeralsFor('UALICE')
        .filter((e) => e.text === d.answer)
        .map((e) => e.channel),
    ).toEqual(['CGENERAL']);
  });
});

describe('a declaration costs the calls it needs and no more', () => {
  test('exactly these Web API calls once the people are known; a new commander costs one users.info', async () => {
    // The first declaration also finds the announcement channel; the declarer as commander is not looked up.
    const first = await declareAndSettle('UALICE', 'Warm up');
    expect(first.calls.filter((c) => c.method === 'users.info')).toEqual([]);

    const newCommander = await declareAndSettle('UALICE', 'New commander', 'UCAROL');
    const setUp = [
      'chat.postMessage', // the header
      'chat.postMessage', // the announcement
      'conversations.create',
      'conversations.invite', // the declarer
      'conversations.invite', // the commander
      'conversations.setTopic',
      'pins.add',
    ];
    expect(methods(newCommander.calls)).toEqual([...setUp, 'users.info'].sort());

    const again = await declareAndSettle('UALICE', 'Same people', 'UCAROL');
    expect(methods(again.calls)).toEqual(setUp);
    // The confirmation went by the command's response_url: no Web API call.
    expect(ws().ephemeralsFor('UALICE').at(-1)).toMatchObject({ source: 'response_url', channel: 'CGENERAL' });
  });

  test('the set-up runs side by side: one slow call holds up only the pin, which needs the header', async () => {
    h.emulator.failNext('conversations.setTopic', { hangMs: 1500 });
    const d = await declareAndSettle('UALICE', 'Slow topic', 'UBOB');
    const at = (method: string) => d.calls.filter((c) => c.method === method).map((c) => c.at);
    const [topic] = at('conversations.setTopic');
    for (const t of [...at('chat.postMessage'), ...at('conversations.invite')]) expect(t).toBeLessThan(topic + 1000);
    expect(at('pins.add')[0]).toBeGreaterThanOrEqual(topic + 1500);
    expect(
      ws()
        .pins.get(d.channel)
        ?.map((p) => p.ts),
    ).toEqual(d.headers().map((m) => m.ts));
  });
});

describe('the set-up group', () => {
  test('retried for one rate-limited call, looks for what it posted and posts nothing twice', async () => {
    h.emulator.failNext('conversations.setTopic', { status: 429, retryAfter: 1 });
    const d = await declareAndSettle('UALICE', 'Topic rate limited', 'UBOB');
    expect(d.calls.filter((c) => c.method === 'conversations.setTopic').map((c) => c.ok)).toEqual([false, true]);
    expect(d.headers()).toHaveLength(1);
    expect(d.announcements()).toHaveLength(1);
    // The header had posted when the topic was refused: the retry is unsure and looks before posting.
    expect(d.calls.filter((c) => c.method === 'conversations.history' && c.args.channel === d.channel)).toHaveLength(1);
    expect(ws().pins.get(d.channel)).toHaveLength(1);
    expect(ws().channels.get(d.channel)?.topic).toContain('Commander <@UBOB>');
    expect(d.notice).toEqual({ status: 'done', errors: ['set up channel: set topic: ratelimited'] });
  });

  test('retried when every call was rate limited, is a clean retry that looks for nothing', async () => {
    h.emulator.failNext('conversations.invite', { status: 429, retryAfter: 1 });
    // Retry-After 0 for the two posts: a 429 with a wait drains the workspace's shared post bucket, and the
    // other post, had it lost the race to it, would be held back by our pacer instead and meet the second
    // fault alone on the retry, beside a post that lands (a retry that must look, rightly).
    h.emulator.failNext('chat.postMessage', { status: 429, retryAfter: 0 }, 2);
    h.emulator.failNext('conversations.setTopic', { status: 429, retryAfter: 1 });
    const d = await declareAndSettle('UALICE', 'Every call throttled');
    expect(d.calls.filter((c) => c.fault?.status === 429)).toHaveLength(4);
    expect(d.calls.filter((c) => c.method === 'conversations.history')).toEqual([]);
    expect(d.headers()).toHaveLength(1);
    expect(d.announcements()).toHaveLength(1);
    expect(ws().pins.get(d.channel)).toHaveLength(1);
    expect(d.notice.status).toBe('done');
  });

  test('a call Slack refuses for good is recorded and the others still land, with no retry', async () => {
    h.emulator.failNext('conversations.setTopic', { error: 'too_long' });
    const d = await declareAndSettle('UALICE', 'Topic refused', 'UBOB');
    expect(d.headers()).toHaveLength(1);
    expect(d.announcements()).toHaveLength(1);
    expect(ws().channels.get(d.channel)?.members).toEqual(expect.arrayContaining(['UALICE', 'UBOB']));
    expect(ws().pins.get(d.channel)).toHaveLength(1);
    expect(d.calls.filter((c) => c.method === 'conversations.setTopic')).toHaveLength(1);
    expect(d.notice).toEqual({ status: 'done', errors: ['set up channel: set topic: too_long'] });
  });
});

test('a declarer who left where they typed, its response_url spent, is confirmed in the incident channel', async () => {
  ws().addChannel({ id: 'CSIDE', name: 'side', members: ['UALICE', 'UBOT'] }, 'UALICE');
  const d = await declareAndSettle('UALICE', 'Left the room', 'UALICE', {
    channel: 'CSIDE',
    beforeSubmit: () => {
      for (const url of ws().responseUrls.values()) if (url.channel === 'CSIDE') url.uses = 5;
      ws().channels.get('CSIDE')!.members = ['UBOT'];
    },
  });
  expect(
    ws()
      .ephemeralsFor('UALICE')
      .filter((e) => e.text.includes(`INC-${d.row.number} is declared`))
      .map((e) => e.channel),
  ).toEqual([d.channel]);
  expect(d.notice).toEqual({ status: 'done', errors: [] });
});
