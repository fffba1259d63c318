import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SlackEmulator } from '@firebreak/slack-emulator';
import { openView } from '@firebreak/slack-emulator/methods/views';
import type { Block, ViewPayload } from '@firebreak/slack-emulator/types';
import { isValidSlackRequest } from '@slack/bolt';

// A scripted bot (plain node:http) so each test decides the exact ack Slack
// gets back, and sees the exact bytes Slack sent.

const SECRET = 'client-side-secret';
interface Received {
  headers: IncomingMessage['headers'];
  raw: string;
  valid: boolean;
}
let emu: SlackEmulator;
let bot: Server;
let clock: { t: number };
let received: Received[];
let answer: (r: Received) => { status?: number; body?: unknown; contentType?: string };

beforeEach(async () => {
  clock = { t: 1_767_225_600_000 };
  received = [];
  answer = () => ({});
  emu = new SlackEmulator({ signingSecret: SECRET, botToken: 'xoxb-t', now: () => clock.t });
  await emu.start();
  bot = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      const r: Received = {
        headers: req.headers,
        raw,
        valid: isValidSlackRequest({
          signingSecret: SECRET,
          body: raw,
          headers: {
            'x-slack-signature': String(req.headers['x-slack-signature']),
            'x-slack-request-timestamp': Number(req.headers['x-slack-request-timestamp']),
          },
        }),
      };
      received.push(r);
      const a = answer(r);
      const isText = typeof a.body === 'string';
      res.writeHead(
        a.status ?? 200,
        a.body === undefined ? {} : { 'content-type': isText ? 'text/plain' : 'application/json' },
      );
      res.end(a.body === undefined ? '' : isText ? (a.body as string) : JSON.stringify(a.body));
    });
  });
  await new Promise<void>((r) => bot.listen(0, '127.0.0.1', () => r()));
  emu.botEndpoint = `http://127.0.0.1:${(bot.address() as AddressInfo).port}/slack/events`;
});

afterEach(async () => {
  await emu.stop();
  await new Promise((r) => bot.close(r));
});

const form = (r: Received) => Object.fromEntries(new URLSearchParams(r.raw));
const interaction = (r: Received) => JSON.parse(form(r).payload);

const modal = (title: string) => ({
  type: 'modal',
  callback_id: 'cb',
  title: { type: 'plain_text', text: title },
  submit: { type: 'plain_text', text: 'OK' },
  blocks: [
    {
      type: 'input',
      block_id: 'b',
      label: { type: 'plain_text', text: 'L' },
      element: { type: 'plain_text_input', action_id: 'a' },
    },
  ],
});
/** A view open for `user`; the API path to it is covered in web-api.test.ts. */
const openModal = (user: string, title = 'Root') => openView(emu.workspace, user, modal(title) as ViewPayload).id;

describe('slash commands', () => {
  test('form fields as Slack sends them, signed, with a fresh trigger and response_url', async () => {
    await emu.command({ user: 'UALICE', channel: 'CINCIDENTS', text: 'declare db down' });
    const [r] = received;
    expect(r.valid).toBe(true);
    expect(r.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(form(r)).toMatchObject({
      team_id: 'T0001',
      channel_id: 'CINCIDENTS',
      channel_name: 'incidents',
      user_id: 'UALICE',
      user_name: 'alice',
      command: '/incident',
      text: 'declare db down',
      api_app_id: expect.any(String),
      response_url: expect.stringContaining(`${emu.url}/response/`),
      trigger_id: expect.stringMatching(/^\d+\.\d+\.[0-9a-f]+$/),
    });
  });

  test('misuse throws: unknown user, user outside the channel, no endpoint', async () => {
    await expect(emu.command({ user: 'UNOPE', channel: 'CINCIDENTS' })).rejects.toThrow();
    emu.workspace.channels.get('CGENERAL')!.members = ['UALICE'];
    await expect(emu.command({ user: 'UBOB', channel: 'CGENERAL' })).rejects.toThrow(/not a member/);
    emu.botEndpoint = undefined;
    await expect(emu.command({ user: 'UALICE', channel: 'CINCIDENTS' })).rejects.toThrow(/botEndpoint/);
  });

  test('response_url: ephemeral by default, in_channel on request, 5 uses at most, 30 minutes', async () => {
    await emu.command({ user: 'UBOB', channel: 'CINCIDENTS' });
    const url = form(received[0]).response_url;
    const post = (body: unknown) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post({ text: 'working on it' })).status).toBe(200);
    expect((await post({ text: 'declared', response_type: 'in_channel' })).status).toBe(200);
    expect(emu.workspace.ephemeralsFor('UBOB')).toMatchObject([{ text: 'working on it', source: 'response_url' }]);
    expect(emu.workspace.messagesIn('CINCIDENTS')).toMatchObject([{ text: 'declared', user: 'UBOT' }]);
    const bad = await post({ blocks: [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: 'invalid_blocks' });
    await post({ text: '4' });
    await post({ text: '5' });
    const sixth = await post({ text: '6' });
    expect(sixth.status).toBe(404);
    expect(await sixth.json()).toEqual({ ok: false, error: 'used_url' });

    await emu.command({ user: 'UBOB', channel: 'CINCIDENTS' });
    clock.t += 30 * 60 * 1000 + 1;
    const late = await fetch(form(received[1]).response_url, {
      method: 'POST',
      body: JSON.stringify({ text: 'late' }),
    });
    expect(await late.json()).toEqual({ ok: false, error: 'expired_url' });
  });

  test('an ack with invalid blocks shows nothing and is recorded', async () => {
    answer = () => ({ body: { blocks: [{ type: 'nonsense' }] } });
    await emu.command({ user: 'UALICE', channel: 'CINCIDENTS' });
    expect(emu.workspace.ephemerals).toEqual([]);
    expect(emu.workspace.deliveries.at(-1)?.ackError).toMatch(/invalid_blocks/);
  });
});

describe('view submissions', () => {
  test('update replaces the view; push stacks; clear closes the stack', async () => {
    const root = openModal('UALICE');
    answer = () => ({ body: { response_action: 'update', view: modal('Updated') } });
    await emu.submitView({ user: 'UALICE', viewId: root, values: { a: 'x' } });
    expect(emu.workspace.views.get(root)).toMatchObject({ isOpen: true, view: { title: { text: 'Updated' } } });

    answer = () => ({ body: { response_action: 'push', view: modal('Pushed') } });
    await emu.submitView({ user: 'UALICE', viewId: root, values: { a: 'x' } });
    const open = emu.workspace.openViews('UALICE');
    expect(open.map((v) => v.view.title?.text)).toEqual(['Updated', 'Pushed']);

    answer = () => ({ body: { response_action: 'clear' } });
    await emu.submitView({ user: 'UALICE', viewId: open[1].id, values: { a: 'x' } });
    expect(emu.workspace.openViews('UALICE')).toEqual([]);
  });

  test('an invalid update view is refused and the old view stays', async () => {
    const root = openModal('UBOB');
    answer = () => ({ body: { response_action: 'update', view: modal('x'.repeat(30)) } });
    await emu.submitView({ user: 'UBOB', viewId: root, values: { a: 'x' } });
    const rec = emu.workspace.views.get(root)!;
    expect(rec.view.title?.text).toBe('Root');
    expect(rec.ackError?.[0]).toContain('/view/title/text');
  });

  test('errors for a block that is not an input are flagged', async () => {
    const root = openModal('UBOB');
    answer = () => ({ body: { response_action: 'errors', errors: { nope: 'bad' } } });
    await emu.submitView({ user: 'UBOB', viewId: root, values: { a: 'x' } });
    expect(emu.workspace.views.get(root)?.ackError).toEqual(['errors for unknown input block_id: nope']);
  });

  test('a failing bot leaves the modal open; closed views cannot be submitted', async () => {
    const root = openModal('UBOB');
    answer = () => ({ status: 500 });
    await emu.submitView({ user: 'UBOB', viewId: root, values: { a: 'x' } });
    expect(emu.workspace.views.get(root)?.isOpen).toBe(true);
    answer = () => ({});
    await emu.submitView({ user: 'UBOB', viewId: root, values: { a: 'x' } });
    await expect(emu.submitView({ user: 'UBOB', viewId: root, values: { a: 'x' } })).rejects.toThrow(/not open/);
    const other = openModal('UCAROL');
    await expect(emu.submitView({ user: 'UBOB', viewId: other, values: { a: 'x' } })).rejects.toThrow(
      /open for UCAROL/,
    );
  });
});

describe('buttons in ephemerals', () => {
  test('clickButton finds the ephemeral; delete_original removes it', async () => {
    const blocks = [
      {
        type: 'actions',
        elements: [{ type: 'button', action_id: 'dismiss', value: 'x', text: { type: 'plain_text', text: 'OK' } }],
      },
    ];
    const e = emu.workspace.addEphemeral({
      channel: 'CINCIDENTS',
      user: 'UDAVE',
      text: 't',
      blocks: blocks as Block[],
      source: 'postEphemeral',
    });
    await emu.clickButton({ user: 'UDAVE', channel: 'CINCIDENTS', messageTs: e.ts, actionId: 'dismiss' });
    const p = interaction(received[0]);
    expect(p).toMatchObject({
      type: 'block_actions',
      container: { type: 'message', message_ts: e.ts, channel_id: 'CINCIDENTS', is_ephemeral: true },
      actions: [{ action_id: 'dismiss', value: 'x', type: 'button' }],
    });
    expect(p.message).toBeUndefined();
    await fetch(p.response_url, { method: 'POST', body: JSON.stringify({ delete_original: true }) });
    expect(emu.workspace.ephemeralsFor('UDAVE')).toEqual([]);
    await expect(
      emu.clickButton({ user: 'UALICE', channel: 'CINCIDENTS', messageTs: e.ts, actionId: 'dismiss' }),
    ).rejects.toThrow();
  });
});

describe('events', () => {
  test('JSON envelope, retry headers, message events only where the bot is', async () => {
    await emu.sendEvent({ type: 'reaction_added', user: 'UALICE' }, { retryNum: 2, retryReason: 'http_error' });
    const [r] = received;
    expect(r.valid).toBe(true);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers['x-slack-retry-num']).toBe('2');
    expect(r.headers['x-slack-retry-reason']).toBe('http_error');
    expect(JSON.parse(r.raw)).toMatchObject({
      type: 'event_callback',
      team_id: 'T0001',
      event: { type: 'reaction_added', event_ts: expect.any(String) },
      event_id: expect.stringMatching(/^Ev/),
      authorizations: [{ user_id: 'UBOT', is_bot: true }],
    });

    const inGeneral = await emu.postUserMessage({ user: 'UALICE', channel: 'CGENERAL', text: 'hi' });
    expect(inGeneral.response.status).toBe(0);
    expect(received).toHaveLength(1);
    const parent = await emu.postUserMessage({ user: 'UALICE', channel: 'CINCIDENTS', text: 'root' });
    await emu.postUserMessage({ user: 'UBOB', channel: 'CINCIDENTS', text: 'reply', threadTs: parent.ts });
    expect(JSON.parse(received[2].raw).event).toMatchObject({
      type: 'message',
      channel: 'CINCIDENTS',
      channel_type: 'channel',
      user: 'UBOB',
      text: 'reply',
      thread_ts: parent.ts,
      parent_user_id: 'UALICE',
    });
  });
});

describe('waitFor', () => {
  test('returns the first truthy value, or fails saying what it waited for', async () => {
    let n = 0;
    expect(await emu.waitFor(() => ++n >= 3 && n)).toBe(3);
    await expect(emu.waitFor(() => emu.workspace.messagesIn('CINCIDENTS').length > 0, 100)).rejects.toThrow(
      /waitFor: still false after 100 ms: .*messagesIn/,
    );
  });
});

describe('command replies through response_url', () => {
  test('replace_original and delete_original act on the latest reply', async () => {
    answer = () => ({ body: { text: 'Working on it…' } });
    await emu.command({ user: 'UCAROL', channel: 'CINCIDENTS' });
    const url = form(received[0]).response_url;
    const post = (body: unknown) => fetch(url, { method: 'POST', body: JSON.stringify(body) });
    await post({ replace_original: true, text: 'Declared INC-7' });
    expect(emu.workspace.ephemeralsFor('UCAROL').map((e) => [e.text, e.source])).toEqual([['Declared INC-7', 'ack']]);
    await post({ delete_original: true });
    expect(emu.workspace.ephemeralsFor('UCAROL')).toEqual([]);
  });
});

describe('reset', () => {
  test('forgets everything but the seed', async () => {
    await emu.command({ user: 'UCAROL', channel: 'CINCIDENTS' });
    emu.workspace.addMessage({ channel: 'CINCIDENTS', user: 'UALICE', text: 'x' });
    emu.failNext('auth.test', { error: 'fatal_error' });
    emu.reset();
    expect(emu.workspace.messagesIn('CINCIDENTS')).toEqual([]);
    expect(emu.workspace.deliveries).toEqual([]);
    expect(emu.workspace.channelByName('incidents')?.members).toContain('UBOT');
    const res = await fetch(`${emu.apiUrl}auth.test`, { method: 'POST', headers: { authorization: 'Bearer xoxb-t' } });
    expect(await res.json()).toMatchObject({ ok: true });
  });
});

describe('a dispatched select in a modal', () => {
  const options = ['a', 'b'].map((v) => ({ text: { type: 'plain_text', text: v }, value: v }));
  const form = (dispatch: boolean) =>
    openView(emu.workspace, 'UALICE', {
      type: 'modal',
      callback_id: 'typed',
      title: { type: 'plain_text', text: 'Typed' },
      submit: { type: 'plain_text', text: 'Go' },
      blocks: [
        {
          type: 'input',
          block_id: 'kind',
          ...(dispatch ? { dispatch_action: true } : {}),
          label: { type: 'plain_text', text: 'Kind' },
          element: { type: 'static_select', action_id: 'pick', options },
        },
        {
          type: 'input',
          block_id: 'note',
          label: { type: 'plain_text', text: 'Note' },
          element: { type: 'plain_text_input', action_id: 'text' },
        },
      ],
    } as ViewPayload);

  test('sends block_actions with the view, its hash and full state, as Slack does', async () => {
    const rec = form(true);
    await emu.selectInView({ user: 'UALICE', viewId: rec.id, actionId: 'pick', value: 'b', values: { text: 'hi' } });
    const payload = JSON.parse(new URLSearchParams(received[0].raw).get('payload')!);
    expect(received[0].valid).toBe(true);
    expect(payload).toMatchObject({
      type: 'block_actions',
      container: { type: 'view', view_id: rec.id },
      view: {
        id: rec.id,
        hash: rec.hash,
        state: {
          values: {
            kind: { pick: { type: 'static_select', selected_option: { value: 'b' } } },
            note: { text: { type: 'plain_text_input', value: 'hi' } },
          },
        },
      },
      actions: [{ type: 'static_select', action_id: 'pick', block_id: 'kind', selected_option: { value: 'b' } }],
    });
    expect(payload.response_url).toBeUndefined();
  });

  test('an input without dispatch_action sends nothing, and an option not offered is the test’s mistake', async () => {
    await expect(
      emu.selectInView({ user: 'UALICE', viewId: form(false).id, actionId: 'pick', value: 'a' }),
    ).rejects.toThrow(/no dispatch_action/);
    await expect(
      emu.selectInView({ user: 'UALICE', viewId: form(true).id, actionId: 'pick', value: 'z' }),
    ).rejects.toThrow(/no option 'z'/);
    expect(received).toEqual([]);
  });

  test('views.update with the hash the payload carried replaces the view; a stale hash is hash_conflict', async () => {
    const rec = form(true);
    const hash = rec.hash;
    const update = (h: string) =>
      fetch(`${emu.apiUrl}views.update`, {
        method: 'POST',
        headers: { authorization: 'Bearer xoxb-t', 'content-type': 'application/json' },
        body: JSON.stringify({
          view_id: rec.id,
          hash: h,
          view: { ...rec.view, title: { type: 'plain_text', text: 'Again' } },
        }),
      }).then((r) => r.json());
    expect(await update(hash)).toMatchObject({ ok: true, view: { id: rec.id } });
    expect(emu.workspace.views.get(rec.id)!.hash).not.toBe(hash);
    expect(await update(hash)).toEqual({ ok: false, error: 'hash_conflict' });
  });
});
