import { SlackEmulator } from '@firebreak/slack-emulator';
import { WebClient } from '@slack/web-api';
import { quiet } from '../../support/quiet-logger';

const options = (url: string) => ({ slackApiUrl: url, retryConfig: { retries: 0 }, logger: quiet });

const TOKEN = 'xoxb-test-token';
let emu: SlackEmulator;
let slack: WebClient;
let clock: { t: number };

/** The Slack error code of a failed call ('ok' when it succeeded). */
async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    const err = e as { data?: { error?: string }; code?: string };
    return err.data?.error ?? err.code ?? String(e);
  }
}

beforeEach(async () => {
  clock = { t: 1_767_225_600_000 };
  emu = new SlackEmulator({ signingSecret: 'secret', botToken: TOKEN, now: () => clock.t });
  await emu.start();
  slack = new WebClient(TOKEN, { ...options(emu.apiUrl), rejectRateLimitedCalls: true });
});

afterEach(async () => {
  await emu.stop();
});

describe('auth and transport', () => {
  test('auth.test names the bot', async () => {
    const r = await slack.auth.test();
    expect(r).toMatchObject({ ok: true, user_id: 'UBOT', team_id: 'T0001', bot_id: 'BBOT', url: `${emu.url}/` });
  });

  test('missing and wrong tokens, unknown methods, missing required args', async () => {
    expect(await errorOf(new WebClient(undefined, options(emu.apiUrl)).auth.test())).toBe('not_authed');
    expect(await errorOf(new WebClient('xoxb-wrong', options(emu.apiUrl)).auth.test())).toBe('invalid_auth');
    expect(await errorOf(slack.apiCall('nope.nothing'))).toBe('unknown_method');
    const res = await fetch(`${emu.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ text: 'hi' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      ok: false,
      error: 'invalid_arguments',
      response_metadata: { messages: ['[ERROR] missing required field: channel'] },
    });
  });

  test('JSON bodies, GET with query and token arg all work', async () => {
    const get = await fetch(`${emu.apiUrl}users.info?user=UALICE&token=${TOKEN}`);
    expect(await get.json()).toMatchObject({ ok: true, user: { id: 'UALICE' } });
    const post = await fetch(`${emu.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'CINCIDENTS', blocks: [{ type: 'divider' }], text: 'fallback' }),
    });
    expect(await post.json()).toMatchObject({ ok: true, channel: 'CINCIDENTS' });
    expect(emu.workspace.callsTo('chat.postMessage')[0].args.blocks).toEqual([{ type: 'divider' }]);
  });

  test('every call is recorded without the token', async () => {
    await slack.users.info({ user: 'UBOB' });
    await errorOf(slack.users.info({ user: 'UNOPE' }));
    expect(emu.workspace.callsTo('users.info')).toEqual([
      { method: 'users.info', args: { user: 'UBOB' }, ok: true, at: clock.t },
      { method: 'users.info', args: { user: 'UNOPE' }, ok: false, error: 'user_not_found', at: clock.t },
    ]);
  });
});

describe('users', () => {
  test('users.info gives tz and tz_offset; users.list lists everyone', async () => {
    const r = await slack.users.info({ user: 'UCAROL' });
    expect(r.user).toMatchObject({ id: 'UCAROL', name: 'carol', tz: 'Asia/Tokyo', tz_offset: 9 * 3600, is_bot: false });
    expect((await slack.users.list({})).members?.map((m) => m.id)).toEqual([
      'UALICE',
      'UBOB',
      'UCAROL',
      'UDAVE',
      'UBOT',
    ]);
  });

  test('users.list pages with limit and an opaque cursor, as Slack does; a forged cursor is refused', async () => {
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await slack.users.list({ limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.members!.length).toBeLessThanOrEqual(2);
      ids.push(...page.members!.map((m) => m.id!));
      cursor = page.response_metadata?.next_cursor || undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(ids).toEqual(['UALICE', 'UBOB', 'UCAROL', 'UDAVE', 'UBOT']);
    expect(await errorOf(slack.users.list({ cursor: 'bm90IGEgY3Vyc29y' }))).toBe('invalid_cursor');
  });
});

describe('conversations', () => {
  test('create: name rules, name_taken (archived too), creator and membership', async () => {
    expect(await errorOf(slack.conversations.create({ name: '' }))).toBe('invalid_name_required');
    expect(await errorOf(slack.conversations.create({ name: 'x'.repeat(81) }))).toBe('invalid_name_maxlength');
    expect(await errorOf(slack.conversations.create({ name: 'Inc 1' }))).toBe('invalid_name_specials');
    expect(await errorOf(slack.conversations.create({ name: 'general' }))).toBe('name_taken');
    const r = await slack.conversations.create({ name: 'inc-1-db', is_private: true });
    expect(r.channel).toMatchObject({ name: 'inc-1-db', is_private: true, creator: 'UBOT', is_member: true });
    const id = r.channel!.id!;
    expect(emu.workspace.channels.get(id)?.members).toEqual(['UBOT']);
    await slack.conversations.archive({ channel: id });
    expect(await errorOf(slack.conversations.create({ name: 'inc-1-db' }))).toBe('name_taken');
  });

  test('create without name at all → invalid_name_required', async () => {
    const res = await fetch(`${emu.apiUrl}conversations.create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(await res.json()).toEqual({ ok: false, error: 'invalid_name_required' });
  });

  test('info, members, invite rules', async () => {
    expect((await slack.conversations.info({ channel: 'CINCIDENTS' })).channel).toMatchObject({
      name: 'incidents',
      is_archived: false,
      is_private: false,
      topic: { value: '' },
      num_members: 5,
    });
    expect(await errorOf(slack.conversations.info({ channel: 'CNOPE' }))).toBe('channel_not_found');
    const { channel } = await slack.conversations.create({ name: 'inc-2' });
    const id = channel!.id!;
    expect(await errorOf(slack.conversations.invite({ channel: 'CNOPE', users: 'UALICE' }))).toBe('channel_not_found');
    expect(await errorOf(slack.conversations.invite({ channel: 'CGENERAL', users: 'UALICE' }))).toBe('not_in_channel');
    expect(await errorOf(slack.conversations.invite({ channel: id, users: 'UALICE,UNOPE' }))).toBe('user_not_found');
    expect(await errorOf(slack.conversations.invite({ channel: id, users: 'UBOT' }))).toBe('cant_invite_self');
    await slack.conversations.invite({ channel: id, users: 'UALICE,UBOB' });
    expect(await errorOf(slack.conversations.invite({ channel: id, users: 'UALICE,UBOB' }))).toBe('already_in_channel');
    await slack.conversations.invite({ channel: id, users: 'UALICE,UCAROL' });
    expect((await slack.conversations.members({ channel: id })).members).toEqual(['UBOT', 'UALICE', 'UBOB', 'UCAROL']);
    await slack.conversations.archive({ channel: id });
    expect(await errorOf(slack.conversations.invite({ channel: id, users: 'UDAVE' }))).toBe('is_archived');
  });

  test('join, setTopic, archive rules', async () => {
    expect(await errorOf(slack.conversations.setTopic({ channel: 'CGENERAL', topic: 'x' }))).toBe('not_in_channel');
    expect(await errorOf(slack.conversations.archive({ channel: 'CGENERAL' }))).toBe('cant_archive_general');
    await slack.conversations.join({ channel: 'CGENERAL' });
    expect(emu.workspace.channels.get('CGENERAL')?.members).toContain('UBOT');
    expect((await slack.conversations.join({ channel: 'CGENERAL' })).warning).toBe('already_in_channel');
    const priv = await slack.conversations.create({ name: 'private-one', is_private: true });
    expect(await errorOf(slack.conversations.join({ channel: priv.channel!.id! }))).toBe(
      'method_not_supported_for_channel_type',
    );
    expect(await errorOf(slack.conversations.setTopic({ channel: 'CINCIDENTS', topic: 'x'.repeat(251) }))).toBe(
      'too_long',
    );
    await slack.conversations.setTopic({ channel: 'CINCIDENTS', topic: 'SEV1: db down' });
    expect((await slack.conversations.info({ channel: 'CINCIDENTS' })).channel?.topic?.value).toBe('SEV1: db down');
    const { channel } = await slack.conversations.create({ name: 'inc-3' });
    const other = await slack.conversations.create({ name: 'inc-4' });
    emu.workspace.channels.get(other.channel!.id!)!.members = ['UALICE'];
    expect(await errorOf(slack.conversations.archive({ channel: other.channel!.id! }))).toBe('not_in_channel');
    await slack.conversations.archive({ channel: channel!.id! });
    expect(await errorOf(slack.conversations.archive({ channel: channel!.id! }))).toBe('already_archived');
    expect(await errorOf(slack.conversations.setTopic({ channel: channel!.id!, topic: 'x' }))).toBe('is_archived');
    expect(await errorOf(slack.conversations.join({ channel: channel!.id! }))).toBe('is_archived');
  });

  test('a private channel the bot is not in does not exist for it', async () => {
    const emu2 = new SlackEmulator({
      signingSecret: 's',
      botToken: TOKEN,
      channels: [{ id: 'CSECRET', name: 'secret', isPrivate: true, members: ['UALICE'] }],
    });
    await emu2.start();
    try {
      const c = new WebClient(TOKEN, options(emu2.apiUrl));
      expect(await errorOf(c.conversations.info({ channel: 'CSECRET' }))).toBe('channel_not_found');
      expect(await errorOf(c.chat.postMessage({ channel: 'CSECRET', text: 'x' }))).toBe('channel_not_found');
    } finally {
      await emu2.stop();
    }
  });

  test('open gives a D… id, once; history and replies', async () => {
    const first = await slack.conversations.open({ users: 'UBOB' });
    expect(first.channel?.id).toBe('DBOB');
    expect((await slack.conversations.open({ users: 'UBOB' })).already_open).toBe(true);
    expect(await errorOf(slack.conversations.open({ users: 'UNOPE' }))).toBe('user_not_found');
    const a = await slack.chat.postMessage({ channel: 'CINCIDENTS', text: 'one' });
    clock.t += 1000;
    await slack.chat.postMessage({ channel: 'CINCIDENTS', text: 'two' });
    await slack.chat.postMessage({ channel: 'CINCIDENTS', text: 'reply', thread_ts: a.ts });
    const h = await slack.conversations.history({ channel: 'CINCIDENTS' });
    expect(h.messages?.map((m) => m.text)).toEqual(['two', 'one']);
    expect(h.messages?.[1]).toMatchObject({ reply_count: 1, thread_ts: a.ts });
    const r = await slack.conversations.replies({ channel: 'CINCIDENTS', ts: a.ts! });
    expect(r.messages?.map((m) => m.text)).toEqual(['one', 'reply']);
    expect(await errorOf(slack.conversations.history({ channel: 'CGENERAL' }))).toBe('not_in_channel');
  });

  test('history pages as Slack does: limit, cursor, has_more, next_cursor; oldest/latest exclusive unless inclusive', async () => {
    const ts: string[] = [];
    for (let i = 0; i < 7; i++) {
      ts.push((await slack.chat.postMessage({ channel: 'CINCIDENTS', text: `m${i}` })).ts!);
      clock.t += 1000;
    }
    const texts = (r: { messages?: { text?: string }[] }) => r.messages?.map((m) => m.text);
    const first = await slack.conversations.history({ channel: 'CINCIDENTS', limit: 3 });
    expect(texts(first)).toEqual(['m6', 'm5', 'm4']);
    expect(first.has_more).toBe(true);
    const next = first.response_metadata?.next_cursor;
    expect(Buffer.from(next!, 'base64').toString()).toBe(`next_ts:${ts[4]}`);
    const second = await slack.conversations.history({ channel: 'CINCIDENTS', limit: 3, cursor: next });
    expect(texts(second)).toEqual(['m3', 'm2', 'm1']);
    const last = await slack.conversations.history({
      channel: 'CINCIDENTS',
      limit: 3,
      cursor: second.response_metadata?.next_cursor,
    });
    expect(texts(last)).toEqual(['m0']);
    expect(last).toMatchObject({ has_more: false, response_metadata: { next_cursor: '' } });
    // The client's own paginator follows the cursors to the end.
    const pages: string[][] = [];
    for await (const page of slack.paginate('conversations.history', { channel: 'CINCIDENTS', limit: 2 }))
      pages.push((texts(page as never) ?? []).map(String));
    expect(pages).toEqual([['m6', 'm5'], ['m4', 'm3'], ['m2', 'm1'], ['m0']]);

    const range = { channel: 'CINCIDENTS', oldest: ts[1], latest: ts[4] };
    expect(texts(await slack.conversations.history(range))).toEqual(['m3', 'm2']);
    expect(texts(await slack.conversations.history({ ...range, inclusive: true }))).toEqual(['m4', 'm3', 'm2', 'm1']);
    const paged = await slack.conversations.history({ ...range, inclusive: true, limit: 2 });
    expect(
      texts(
        await slack.conversations.history({
          ...range,
          inclusive: true,
          limit: 2,
          cursor: paged.response_metadata?.next_cursor,
        }),
      ),
    ).toEqual(['m2', 'm1']);

    expect(await errorOf(slack.conversations.history({ channel: 'CINCIDENTS', cursor: 'not-a-cursor' }))).toBe(
      'invalid_cursor',
    );
    expect(await errorOf(slack.conversations.history({ channel: 'CINCIDENTS', oldest: 'yesterday' }))).toBe(
      'invalid_ts_oldest',
    );
    expect(await errorOf(slack.conversations.history({ channel: 'CINCIDENTS', latest: 'now' }))).toBe(
      'invalid_ts_latest',
    );
  });
});

describe('chat', () => {
  test('postMessage: ts, DMs by user id, channel rules', async () => {
    const r = await slack.chat.postMessage({ channel: 'CINCIDENTS', text: 'hello' });
    expect(r).toMatchObject({
      ok: true,
      channel: 'CINCIDENTS',
      ts: '1767225600.000000',
      message: { text: 'hello', bot_id: 'BBOT' },
    });
    const r2 = await slack.chat.postMessage({ channel: 'CINCIDENTS', text: 'again' });
    expect(r2.ts).toBe('1767225600.000001');
    const dm = await slack.chat.postMessage({ channel: 'UALICE', text: 'psst' });
    expect(dm.channel).toBe('DALICE');
    expect(emu.workspace.dmsTo('UALICE').map((m) => m.text)).toEqual(['psst']);
    expect(await errorOf(slack.chat.postMessage({ channel: 'CNOPE', text: 'x' }))).toBe('channel_not_found');
    expect(await errorOf(slack.chat.postMessage({ channel: 'CGENERAL', text: 'x' }))).toBe('not_in_channel');
    expect(await errorOf(slack.chat.postMessage({ channel: 'CINCIDENTS', text: '' }))).toBe('no_text');
    expect(await errorOf(slack.chat.postMessage({ channel: 'CINCIDENTS', text: 'x'.repeat(40001) }))).toBe(
      'msg_too_long',
    );
    const { channel } = await slack.conversations.create({ name: 'inc-9' });
    await slack.conversations.archive({ channel: channel!.id! });
    expect(await errorOf(slack.chat.postMessage({ channel: channel!.id!, text: 'x' }))).toBe('is_archived');
    expect(emu.workspace.messagesIn('CINCIDENTS').map((m) => m.text)).toEqual(['hello', 'again']);
  });

  test('postMessage: invalid_blocks explains why; too_many_attachments', async () => {
    try {
      await slack.chat.postMessage({
        channel: 'CINCIDENTS',
        text: 'x',
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(3001) } }],
      });
      throw new Error('expected invalid_blocks');
    } catch (e) {
      const data = (e as { data: { error: string; response_metadata: { messages: string[] } } }).data;
      expect(data.error).toBe('invalid_blocks');
      expect(data.response_metadata.messages).toEqual([
        '[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
      ]);
    }
    const many = Array.from({ length: 51 }, () => ({ type: 'divider' as const }));
    expect(await errorOf(slack.chat.postMessage({ channel: 'CINCIDENTS', text: 'x', blocks: many }))).toBe(
      'invalid_blocks',
    );
    const atts = Array.from({ length: 101 }, () => ({ text: 'a' }));
    expect(await errorOf(slack.chat.postMessage({ channel: 'CINCIDENTS', text: 'x', attachments: atts }))).toBe(
      'too_many_attachments',
    );
    expect(emu.workspace.messagesIn('CINCIDENTS')).toEqual([]);
  });

  test('postEphemeral needs the user in the channel', async () => {
    const r = await slack.chat.postEphemeral({ channel: 'CINCIDENTS', user: 'UBOB', text: 'only you' });
    expect(r.message_ts).toBeDefined();
    expect(emu.workspace.ephemeralsFor('UBOB')).toMatchObject([
      { channel: 'CINCIDENTS', text: 'only you', source: 'postEphemeral' },
    ]);
    emu.workspace.channels.get('CINCIDENTS')!.members = ['UBOT', 'UALICE'];
    expect(await errorOf(slack.chat.postEphemeral({ channel: 'CINCIDENTS', user: 'UBOB', text: 'x' }))).toBe(
      'user_not_in_channel',
    );
    expect(await errorOf(slack.chat.postEphemeral({ channel: 'CINCIDENTS', user: 'UALICE', text: '' }))).toBe(
      'no_text',
    );
  });

  test('update: own messages only, 4000 limit after escaping, keeps blocks', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'status' }, block_id: 'status' }];
    const { ts } = await slack.chat.postMessage({ channel: 'CINCIDENTS', text: 'v1', blocks });
    const r = await slack.chat.update({ channel: 'CINCIDENTS', ts: ts!, text: 'v2' });
    expect(r).toMatchObject({ ok: true, ts, text: 'v2' });
    const m = emu.workspace.findMessage('CINCIDENTS', ts!)!;
    expect(m.blocks).toEqual(blocks);
    expect(m.edited?.user).toBe('UBOT');
    expect(await errorOf(slack.chat.update({ channel: 'CINCIDENTS', ts: '1.000000', text: 'x' }))).toBe(
      'message_not_found',
    );
    expect(await errorOf(slack.chat.update({ channel: 'CINCIDENTS', ts: ts!, text: '<'.repeat(1001) }))).toBe(
      'msg_too_long',
    );
    const human = emu.workspace.addMessage({ channel: 'CINCIDENTS', user: 'UALICE', text: 'mine' });
    expect(await errorOf(slack.chat.update({ channel: 'CINCIDENTS', ts: human.ts, text: 'x' }))).toBe(
      'cant_update_message',
    );
  });

  test('getPermalink points at the emulator', async () => {
    const { ts } = await slack.chat.postMessage({ channel: 'CINCIDENTS', text: 'x' });
    const r = await slack.chat.getPermalink({ channel: 'CINCIDENTS', message_ts: ts! });
    expect(r.permalink).toBe(`${emu.url}/archives/CINCIDENTS/p${ts!.replace('.', '')}`);
    const page = await fetch(r.permalink!);
    expect(await page.json()).toMatchObject({ text: 'x' });
    expect(await errorOf(slack.chat.getPermalink({ channel: 'CINCIDENTS', message_ts: '1.2' }))).toBe(
      'message_not_found',
    );
  });
});

describe('pins and reactions', () => {
  test('pins.add rules and pins.list', async () => {
    const { ts } = await slack.chat.postMessage({ channel: 'CINCIDENTS', text: 'pin me' });
    await slack.pins.add({ channel: 'CINCIDENTS', timestamp: ts! });
    expect(await errorOf(slack.pins.add({ channel: 'CINCIDENTS', timestamp: ts! }))).toBe('already_pinned');
    expect(await errorOf(slack.pins.add({ channel: 'CINCIDENTS', timestamp: '1.000001' }))).toBe('message_not_found');
    expect(await errorOf(slack.pins.add({ channel: 'CGENERAL', timestamp: ts! }))).toBe('not_in_channel');
    const list = await slack.pins.list({ channel: 'CINCIDENTS' });
    expect(list.items).toMatchObject([{ type: 'message', message: { text: 'pin me' } }]);
    expect(emu.workspace.pins.get('CINCIDENTS')).toMatchObject([{ ts }]);
  });

  test('reactions.add', async () => {
    const { ts } = await slack.chat.postMessage({ channel: 'CINCIDENTS', text: 'x' });
    await slack.reactions.add({ channel: 'CINCIDENTS', timestamp: ts!, name: 'eyes' });
    expect(await errorOf(slack.reactions.add({ channel: 'CINCIDENTS', timestamp: ts!, name: 'eyes' }))).toBe(
      'already_reacted',
    );
    expect(emu.workspace.findMessage('CINCIDENTS', ts!)?.reactions).toEqual([{ name: 'eyes', users: ['UBOT'] }]);
  });
});

describe('views (API side)', () => {
  const modal = (title = 'Declare') => ({
    type: 'modal' as const,
    callback_id: 'declare',
    title: { type: 'plain_text' as const, text: title },
    submit: { type: 'plain_text' as const, text: 'Go' },
    blocks: [
      {
        type: 'input' as const,
        block_id: 'title',
        label: { type: 'plain_text' as const, text: 'Title' },
        element: { type: 'plain_text_input' as const, action_id: 'title_input' },
      },
    ],
  });

  test('open: trigger once, within 3 s; view validation', async () => {
    const t1 = emu.workspace.issueTrigger('UALICE');
    expect(await errorOf(slack.views.open({ trigger_id: t1, view: modal('x'.repeat(25)) }))).toBe('invalid_arguments');
    const r = await slack.views.open({ trigger_id: t1, view: modal() });
    expect(r.view).toMatchObject({
      id: expect.stringMatching(/^V/),
      type: 'modal',
      callback_id: 'declare',
      hash: expect.any(String),
    });
    expect(emu.workspace.openViews('UALICE').map((v) => v.id)).toEqual([r.view!.id]);
    expect(await errorOf(slack.views.open({ trigger_id: t1, view: modal() }))).toBe('exchanged_trigger_id');
    const t2 = emu.workspace.issueTrigger('UALICE');
    clock.t += 3001;
    expect(await errorOf(slack.views.open({ trigger_id: t2, view: modal() }))).toBe('expired_trigger_id');
    expect(await errorOf(slack.views.open({ trigger_id: 'made.up.trigger', view: modal() }))).toBe(
      'invalid_trigger_id',
    );
  });

  test('update checks the hash; push stacks up to 3', async () => {
    const { view } = await slack.views.open({ trigger_id: emu.workspace.issueTrigger('UBOB'), view: modal() });
    expect(await errorOf(slack.views.update({ view_id: view!.id!, hash: 'stale', view: modal('B') }))).toBe(
      'hash_conflict',
    );
    const u = await slack.views.update({ view_id: view!.id!, hash: view!.hash!, view: modal('B') });
    expect(u.view?.id).toBe(view!.id);
    expect(u.view?.hash).not.toBe(view!.hash);
    expect(emu.workspace.views.get(view!.id!)?.view.title?.text).toBe('B');
    expect(await errorOf(slack.views.update({ view_id: 'VNOPE', view: modal() }))).toBe('not_found');
    const p1 = await slack.views.push({ trigger_id: emu.workspace.issueTrigger('UBOB'), view: modal('P1') });
    expect(p1.view?.previous_view_id).toBe(view!.id);
    await slack.views.push({ trigger_id: emu.workspace.issueTrigger('UBOB'), view: modal('P2') });
    expect(await errorOf(slack.views.push({ trigger_id: emu.workspace.issueTrigger('UBOB'), view: modal('P3') }))).toBe(
      'push_limit_reached',
    );
  });
});

describe('fault injection', () => {
  test('error, 429 with Retry-After, 500; state unchanged; then normal again', async () => {
    emu.failNext('chat.postMessage', { error: 'fatal_error' });
    expect(await errorOf(slack.chat.postMessage({ channel: 'CINCIDENTS', text: 'a' }))).toBe('fatal_error');
    emu.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    try {
      await slack.chat.postMessage({ channel: 'CINCIDENTS', text: 'b' });
      throw new Error('expected a rate limit');
    } catch (e) {
      expect(e).toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 7 });
    }
    emu.failNext('chat.postMessage', { status: 500 }, 2);
    expect(await errorOf(slack.chat.postMessage({ channel: 'CINCIDENTS', text: 'c' }))).toBe('slack_webapi_http_error');
    expect(await errorOf(slack.chat.postMessage({ channel: 'CINCIDENTS', text: 'd' }))).toBe('slack_webapi_http_error');
    expect(emu.workspace.messagesIn('CINCIDENTS')).toEqual([]);
    await slack.chat.postMessage({ channel: 'CINCIDENTS', text: 'e' });
    expect(emu.workspace.messagesIn('CINCIDENTS').map((m) => m.text)).toEqual(['e']);
    expect(
      emu.workspace.callsTo('chat.postMessage').map((c) => [c.ok, c.error, c.fault?.status ?? c.fault?.error]),
    ).toEqual([
      [false, 'fatal_error', 'fatal_error'],
      [false, 'ratelimited', 429],
      [false, 'http_500', 500],
      [false, 'http_500', 500],
      [true, undefined, undefined],
    ]);
  });

  test('429 through the raw HTTP answer', async () => {
    emu.failNext('conversations.create', { status: 429, retryAfter: 3 });
    const res = await fetch(`${emu.apiUrl}conversations.create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(await res.json()).toEqual({ ok: false, error: 'ratelimited' });
  });

  test('hangMs delays the answer past a client timeout', async () => {
    emu.failNext('auth.test', { hangMs: 400, error: 'request_timeout' });
    const impatient = new WebClient(TOKEN, { ...options(emu.apiUrl), timeout: 100 });
    const started = Date.now();
    expect(await errorOf(impatient.auth.test())).not.toBe('ok');
    expect(Date.now() - started).toBeLessThan(350);
    const patient = Date.now();
    emu.failNext('auth.test', { hangMs: 200 });
    expect((await slack.auth.test()).ok).toBe(true);
    expect(Date.now() - patient).toBeGreaterThanOrEqual(190);
  });

  test('a hang ends when the client gives up: the call then takes effect, and no one waits out hangMs', async () => {
    emu.failNext('chat.postMessage', { hangMs: 60_000 });
    const impatient = new WebClient(TOKEN, { ...options(emu.apiUrl), timeout: 100 });
    expect(await errorOf(impatient.chat.postMessage({ channel: 'CINCIDENTS', text: 'answer lost' }))).not.toBe('ok');
    await emu.waitFor(() => emu.workspace.messagesIn('CINCIDENTS').some((m) => m.text === 'answer lost'), 2_000);
    expect(emu.workspace.callsTo('chat.postMessage').at(-1)).toMatchObject({ ok: true, fault: { hangMs: 60_000 } });
  });
});

describe('channel names as targets', () => {
  test('chat.postMessage accepts #name like Slack', async () => {
    const r = await slack.chat.postMessage({ channel: '#incidents', text: 'by name' });
    expect(r.channel).toBe('CINCIDENTS');
    expect(await errorOf(slack.chat.postMessage({ channel: '#nope', text: 'x' }))).toBe('channel_not_found');
  });
});
