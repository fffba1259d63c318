import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SlackEmulator } from '@firebreak/slack-emulator';
import { openView } from '@firebreak/slack-emulator/methods/views';
import type { ViewPayload } from '@firebreak/slack-emulator/types';
import { isValidSlackRequest } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { quiet } from '../../support/quiet-logger';

// A scripted bot (plain node:http) that records the exact bytes Slack sends:
// archived channels refuse people and the API alike; closing modals; the
// emitMembershipEvents default.

const SECRET = 'closing-secret';
const TOKEN = 'xoxb-closing';
let emu: SlackEmulator;
let bot: Server;
let slack: WebClient;
let received: { raw: string; contentType?: string; valid: boolean }[];

async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return (e as { data?: { error?: string } }).data?.error ?? String(e);
  }
}

beforeEach(async () => {
  received = [];
  emu = new SlackEmulator({ signingSecret: SECRET, botToken: TOKEN });
  await emu.start();
  slack = new WebClient(TOKEN, { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 }, logger: quiet });
  bot = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      const headers = {
        'x-slack-signature': String(req.headers['x-slack-signature']),
        'x-slack-request-timestamp': Number(req.headers['x-slack-request-timestamp']),
      };
      received.push({
        raw,
        contentType: req.headers['content-type'],
        valid: isValidSlackRequest({ signingSecret: SECRET, body: raw, headers }),
      });
      res.writeHead(200);
      res.end();
    });
  });
  await new Promise<void>((r) => bot.listen(0, '127.0.0.1', () => r()));
  emu.botEndpoint = `http://127.0.0.1:${(bot.address() as AddressInfo).port}/slack/events`;
});

afterEach(async () => {
  await emu.stop();
  await new Promise((r) => bot.close(r));
});

const payloadOf = (i: number) => JSON.parse(new URLSearchParams(received[i].raw).get('payload')!);

describe('archived channels', () => {
  test('the API answers is_archived to posting, inviting, pinning, reacting, topics and files', async () => {
    const { channel } = await slack.conversations.create({ name: 'inc-old' });
    const id = channel!.id!;
    const { ts } = await slack.chat.postMessage({ channel: id, text: 'final status' });
    await slack.conversations.archive({ channel: id });
    expect(await errorOf(slack.chat.postMessage({ channel: id, text: 'x' }))).toBe('is_archived');
    expect(await errorOf(slack.chat.postEphemeral({ channel: id, user: 'UBOT', text: 'x' }))).toBe('is_archived');
    expect(await errorOf(slack.conversations.invite({ channel: id, users: 'UALICE' }))).toBe('is_archived');
    expect(await errorOf(slack.pins.add({ channel: id, timestamp: ts! }))).toBe('is_archived');
    expect(await errorOf(slack.reactions.add({ channel: id, timestamp: ts!, name: 'eyes' }))).toBe('is_archived');
    expect(await errorOf(slack.conversations.setTopic({ channel: id, topic: 'x' }))).toBe('is_archived');
    expect(await errorOf(slack.filesUploadV2({ channel_id: id, content: 'x', filename: 'x.txt' }))).toBe('is_archived');
    // Reading still works.
    expect((await slack.conversations.history({ channel: id })).messages).toHaveLength(1);
  });

  test('people cannot act in an archived channel: every client action throws and nothing is sent', async () => {
    const { channel } = await slack.conversations.create({ name: 'inc-older' });
    const id = channel!.id!;
    await slack.conversations.invite({ channel: id, users: 'UALICE,UBOB' });
    const { ts } = await emu.postUserMessage({ user: 'UALICE', channel: id, text: 'before' });
    await slack.conversations.archive({ channel: id });
    received = [];
    await expect(emu.command({ user: 'UALICE', channel: id, text: 'status' })).rejects.toThrow(/archived/);
    await expect(emu.postUserMessage({ user: 'UALICE', channel: id, text: 'after' })).rejects.toThrow(/archived/);
    await expect(emu.editUserMessage({ user: 'UALICE', channel: id, ts, text: 'x' })).rejects.toThrow(/archived/);
    await expect(emu.deleteUserMessage({ user: 'UALICE', channel: id, ts })).rejects.toThrow(/archived/);
    await expect(emu.pinMessage({ user: 'UALICE', channel: id, ts })).rejects.toThrow(/archived/);
    await expect(emu.addReaction({ user: 'UBOB', channel: id, ts, name: 'eyes' })).rejects.toThrow(/archived/);
    await expect(emu.messageShortcut({ user: 'UBOB', channel: id, ts, callbackId: 'q' })).rejects.toThrow(/archived/);
    await expect(emu.joinChannel({ user: 'UCAROL', channel: id })).rejects.toThrow(/archived/);
    await expect(emu.leaveChannel({ user: 'UBOB', channel: id })).rejects.toThrow(/archived/);
    expect(received).toEqual([]);
    expect(emu.workspace.messagesIn(id).map((m) => m.text)).toEqual(['before']);
  });
});

describe('closing modals', () => {
  const modal = (title: string, extra: Partial<ViewPayload> = {}) =>
    ({
      type: 'modal',
      callback_id: title.toLowerCase(),
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
      ...extra,
    }) as ViewPayload;

  test('view_closed goes as a signed payload= form, required inputs may be empty', async () => {
    const rec = openView(emu.workspace, 'UCAROL', modal('Root', { notify_on_close: true, private_metadata: 'INC-3' }));
    const res = await emu.closeView({ user: 'UCAROL', viewId: rec.id });
    expect(res.status).toBe(200);
    expect(received[0]).toMatchObject({ contentType: 'application/x-www-form-urlencoded', valid: true });
    expect(payloadOf(0)).toMatchObject({
      type: 'view_closed',
      team: { id: 'T0001' },
      user: { id: 'UCAROL', name: 'carol' },
      api_app_id: expect.any(String),
      is_cleared: false,
      view: {
        id: rec.id,
        callback_id: 'root',
        private_metadata: 'INC-3',
        state: { values: { b: { a: { type: 'plain_text_input', value: null } } } },
      },
    });
  });

  test('closing pops only the top view; clear_on_close clears the stack; no notify_on_close, no payload', async () => {
    const root = openView(emu.workspace, 'UALICE', modal('Root', { notify_on_close: true }));
    const pushed = openView(emu.workspace, 'UALICE', modal('Pushed'), root);
    await expect(emu.closeView({ user: 'UALICE', viewId: root.id })).rejects.toThrow(/under another view/);
    await expect(emu.closeView({ user: 'UBOB', viewId: pushed.id })).rejects.toThrow(/open for UALICE/);
    expect(await emu.closeView({ user: 'UALICE', viewId: pushed.id })).toEqual({
      status: 0,
      body: expect.stringMatching(/notify_on_close/),
    });
    expect(received).toEqual([]);
    expect(emu.workspace.openViews('UALICE').map((v) => v.id)).toEqual([root.id]);

    const top = openView(emu.workspace, 'UALICE', modal('Top', { notify_on_close: true, clear_on_close: true }), root);
    await emu.closeView({ user: 'UALICE', viewId: top.id, values: { a: 'half typed' } });
    expect(payloadOf(0)).toMatchObject({
      is_cleared: true,
      view: { id: top.id, state: { values: { b: { a: { value: 'half typed' } } } } },
    });
    expect(emu.workspace.openViews('UALICE')).toEqual([]);
  });
});

test('without emitMembershipEvents the bot’s own invites send nothing', async () => {
  const { channel } = await slack.conversations.create({ name: 'inc-quiet' });
  await slack.conversations.invite({ channel: channel!.id!, users: 'UALICE' });
  // Membership events leave only through this hook (set by emitMembershipEvents; user-events.test.ts shows them
  // arriving when it is): unset, nothing is on its way, so what has arrived by now is all there will be.
  expect(emu.workspace.onMembersAdded).toBeUndefined();
  expect(received).toEqual([]);
  expect(emu.workspace.deliveries).toEqual([]);
});
