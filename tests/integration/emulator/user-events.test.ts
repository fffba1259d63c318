import type { AddressInfo } from 'node:net';
import { SlackEmulator } from '@firebreak/slack-emulator';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

// People editing, deleting, pinning, reacting, joining, using a message
// shortcut and closing a modal: each reaches a real Bolt app as Slack would
// send it, and leaves its mark in the workspace.

const SECRET = 'events-secret';
const TOKEN = 'xoxb-events';

let emu: SlackEmulator;
let app: App;
// biome-ignore lint/suspicious/noExplicitAny: events of every shape land here
const seen: { events: any[]; shortcuts: any[]; closed: any[] } = { events: [], shortcuts: [], closed: [] };

const quoteModal = {
  type: 'modal' as const,
  callback_id: 'quote_modal',
  notify_on_close: true,
  title: { type: 'plain_text' as const, text: 'Quote' },
  submit: { type: 'plain_text' as const, text: 'Save' },
  blocks: [
    {
      type: 'input' as const,
      block_id: 'why',
      label: { type: 'plain_text' as const, text: 'Why' },
      element: { type: 'plain_text_input' as const, action_id: 'why_input', initial_value: 'looks relevant' },
    },
    {
      type: 'input' as const,
      block_id: 'note',
      label: { type: 'plain_text' as const, text: 'Note' },
      element: { type: 'plain_text_input' as const, action_id: 'note_input' },
    },
  ],
};

/** The event_callback envelope of the last delivery. */
// biome-ignore lint/suspicious/noExplicitAny: reading payloads
const lastEnvelope = (): any => emu.workspace.deliveries.at(-1)?.payload;
const taken = new Set<unknown>();
/** Waits until Bolt has run the listener for a (not yet inspected) event of this type and subtype. */
async function bolted(type: string, subtype?: string) {
  const event = await emu.waitFor(() =>
    seen.events.find((e) => e.type === type && e.subtype === subtype && !taken.has(e)),
  );
  taken.add(event);
  return event;
}

beforeAll(async () => {
  emu = new SlackEmulator({ signingSecret: SECRET, botToken: TOKEN, emitMembershipEvents: true });
  await emu.start();
  app = new App({
    receiver: new HTTPReceiver({ signingSecret: SECRET, logLevel: LogLevel.ERROR }),
    token: TOKEN,
    deferInitialization: true,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 } },
  });
  for (const type of [
    'message',
    'pin_added',
    'pin_removed',
    'reaction_added',
    'reaction_removed',
    'member_joined_channel',
    'member_left_channel',
  ]) {
    app.event(type, async ({ event }) => {
      seen.events.push({ ...event });
    });
  }
  app.shortcut('quote', async ({ ack, shortcut, client }) => {
    await ack();
    seen.shortcuts.push(shortcut);
    await client.views.open({ trigger_id: shortcut.trigger_id, view: quoteModal });
  });
  app.view({ callback_id: 'quote_modal', type: 'view_closed' }, async ({ ack, body, view }) => {
    await ack();
    seen.closed.push({
      isCleared: body.type === 'view_closed' && body.is_cleared,
      user: body.user.id,
      values: view.state.values,
    });
  });
  await app.init();
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as unknown as { address(): AddressInfo };
  emu.botEndpoint = `http://127.0.0.1:${server.address().port}/slack/events`;
});

afterAll(async () => {
  await app?.stop();
  await emu?.stop();
});

test('editUserMessage sends message_changed with the new and previous message', async () => {
  const { ts } = await emu.postUserMessage({ user: 'UALICE', channel: 'CINCIDENTS', text: 'db is down' });
  await bolted('message');
  const res = await emu.editUserMessage({ user: 'UALICE', channel: 'CINCIDENTS', ts, text: 'db is degraded' });
  expect(res.status).toBe(200);
  const event = await bolted('message', 'message_changed');
  expect(event).toMatchObject({
    type: 'message',
    subtype: 'message_changed',
    hidden: true,
    channel: 'CINCIDENTS',
    channel_type: 'channel',
    message: { type: 'message', user: 'UALICE', text: 'db is degraded', ts, edited: { user: 'UALICE', ts: event.ts } },
    previous_message: { user: 'UALICE', text: 'db is down', ts },
  });
  expect(event.previous_message.edited).toBeUndefined();
  expect(event.ts).not.toBe(ts);
  expect(event.event_ts).toBe(event.ts);
  expect(lastEnvelope()).toMatchObject({ type: 'event_callback', event_id: expect.stringMatching(/^Ev/) });
  expect(emu.workspace.findMessage('CINCIDENTS', ts)).toMatchObject({
    text: 'db is degraded',
    edited: { user: 'UALICE' },
  });
  await expect(emu.editUserMessage({ user: 'UBOB', channel: 'CINCIDENTS', ts, text: 'mine now' })).rejects.toThrow(
    /UALICE's/,
  );
});

test('deleteUserMessage sends message_deleted and removes the message', async () => {
  const { ts } = await emu.postUserMessage({ user: 'UBOB', channel: 'CINCIDENTS', text: 'oops, wrong channel' });
  await bolted('message');
  await emu.deleteUserMessage({ user: 'UBOB', channel: 'CINCIDENTS', ts });
  const event = await bolted('message', 'message_deleted');
  expect(event).toMatchObject({
    subtype: 'message_deleted',
    hidden: true,
    channel: 'CINCIDENTS',
    deleted_ts: ts,
    previous_message: { user: 'UBOB', text: 'oops, wrong channel', ts },
  });
  expect(event.ts).not.toBe(ts);
  expect(emu.workspace.findMessage('CINCIDENTS', ts)).toBeUndefined();
  const ids = emu.workspace.deliveries.map((d) => (d.payload as { event_id?: string }).event_id).filter(Boolean);
  expect(new Set(ids).size).toBe(ids.length);
});

test('pinMessage / unpinMessage store the pin and send pin_added / pin_removed', async () => {
  const posted = await app.client.chat.postMessage({ channel: 'CINCIDENTS', text: 'Status: investigating' });
  const ts = posted.ts!;
  await emu.pinMessage({ user: 'UCAROL', channel: 'CINCIDENTS', ts });
  const added = await bolted('pin_added');
  expect(added).toMatchObject({
    user: 'UCAROL',
    channel_id: 'CINCIDENTS',
    item_user: 'UBOT',
    pin_count: '1',
    item: {
      type: 'message',
      channel: 'CINCIDENTS',
      created_by: 'UCAROL',
      created: expect.any(Number),
      message: {
        ts,
        text: 'Status: investigating',
        user: 'UBOT',
        bot_id: 'BBOT',
        permalink: expect.stringContaining('/archives/CINCIDENTS/p'),
      },
    },
    pinned_info: { channel: 'CINCIDENTS', pinned_by: 'UCAROL' },
    event_ts: expect.any(String),
  });
  expect(emu.workspace.pins.get('CINCIDENTS')).toMatchObject([{ ts, pinnedBy: 'UCAROL' }]);
  const listed = await app.client.pins.list({ channel: 'CINCIDENTS' });
  expect(listed.items).toMatchObject([{ created_by: 'UCAROL', message: { ts } }]);
  await expect(emu.pinMessage({ user: 'UALICE', channel: 'CINCIDENTS', ts })).rejects.toThrow(/already_pinned/);
  expect(await app.client.pins.add({ channel: 'CINCIDENTS', timestamp: ts }).catch((e) => e.data.error)).toBe(
    'already_pinned',
  );

  await emu.unpinMessage({ user: 'UALICE', channel: 'CINCIDENTS', ts });
  const removed = await bolted('pin_removed');
  expect(removed).toMatchObject({
    user: 'UALICE',
    channel_id: 'CINCIDENTS',
    item: { created_by: 'UCAROL', message: { ts } },
    pin_count: '0',
    has_pins: false,
  });
  expect(emu.workspace.pins.get('CINCIDENTS')).toEqual([]);
  await expect(emu.unpinMessage({ user: 'UALICE', channel: 'CINCIDENTS', ts })).rejects.toThrow(/not pinned/);
});

test('addReaction / removeReaction store the reaction and send reaction_added / reaction_removed', async () => {
  const posted = await app.client.chat.postMessage({ channel: 'CINCIDENTS', text: 'Who is commander?' });
  const ts = posted.ts!;
  await emu.addReaction({ user: 'UDAVE', channel: 'CINCIDENTS', ts, name: ':eyes:' });
  const added = await bolted('reaction_added');
  expect(added).toEqual({
    type: 'reaction_added',
    user: 'UDAVE',
    reaction: 'eyes',
    item_user: 'UBOT',
    item: { type: 'message', channel: 'CINCIDENTS', ts },
    event_ts: expect.any(String),
  });
  expect(emu.workspace.findMessage('CINCIDENTS', ts)?.reactions).toEqual([{ name: 'eyes', users: ['UDAVE'] }]);
  await expect(emu.addReaction({ user: 'UDAVE', channel: 'CINCIDENTS', ts, name: 'eyes' })).rejects.toThrow(
    /already_reacted/,
  );

  await emu.removeReaction({ user: 'UDAVE', channel: 'CINCIDENTS', ts, name: 'eyes' });
  const removed = await bolted('reaction_removed');
  expect(removed).toMatchObject({ type: 'reaction_removed', user: 'UDAVE', reaction: 'eyes', item: { ts } });
  expect(emu.workspace.findMessage('CINCIDENTS', ts)?.reactions).toEqual([]);
});

test('joinChannel / leaveChannel change membership and send member_joined_channel / member_left_channel', async () => {
  // emitMembershipEvents: the bot's own create and invite announce members too.
  const { channel } = await app.client.conversations.create({ name: 'inc-joins', is_private: true });
  const id = channel!.id!;
  expect(await bolted('member_joined_channel')).toMatchObject({ user: 'UBOT', channel: id, channel_type: 'G' });
  await app.client.conversations.invite({ channel: id, users: 'UALICE' });
  expect(await bolted('member_joined_channel')).toMatchObject({
    user: 'UALICE',
    channel: id,
    inviter: 'UBOT',
    team: 'T0001',
  });

  await expect(emu.joinChannel({ user: 'UBOB', channel: id })).rejects.toThrow(/private/);
  await emu.joinChannel({ user: 'UBOB', channel: id, inviter: 'UALICE' });
  expect(await bolted('member_joined_channel')).toEqual({
    type: 'member_joined_channel',
    user: 'UBOB',
    channel: id,
    channel_type: 'G',
    team: 'T0001',
    inviter: 'UALICE',
    event_ts: expect.any(String),
  });
  expect(emu.workspace.channels.get(id)?.members).toContain('UBOB');
  await expect(emu.joinChannel({ user: 'UBOB', channel: id, inviter: 'UALICE' })).rejects.toThrow(/already a member/);

  await emu.leaveChannel({ user: 'UBOB', channel: id });
  const left = await bolted('member_left_channel');
  expect(left).toMatchObject({ user: 'UBOB', channel: id, channel_type: 'G', team: 'T0001' });
  expect(left.inviter).toBeUndefined();
  expect(emu.workspace.channels.get(id)?.members).not.toContain('UBOB');

  // Public channel the bot is not in: membership changes, nothing is sent.
  await emu.leaveChannel({ user: 'UDAVE', channel: 'CGENERAL' });
  const res = await emu.joinChannel({ user: 'UDAVE', channel: 'CGENERAL' });
  expect(res).toEqual({ status: 0, body: expect.stringMatching(/^not_delivered/) });
  expect(emu.workspace.channels.get('CGENERAL')?.members).toContain('UDAVE');
});

test('removeFromChannel sends the same member_left_channel as a leave: nothing says who removed them', async () => {
  const { channel } = await app.client.conversations.create({ name: 'inc-kicks', is_private: true });
  const id = channel!.id!;
  await bolted('member_joined_channel');
  await app.client.conversations.invite({ channel: id, users: 'UALICE,UCAROL' });
  await bolted('member_joined_channel');
  await bolted('member_joined_channel');

  await expect(emu.removeFromChannel({ user: 'UCAROL', channel: id, by: 'UDAVE' })).rejects.toThrow(/member/);
  await expect(emu.removeFromChannel({ user: 'UCAROL', channel: id, by: 'UCAROL' })).rejects.toThrow(/cant_kick_self/);
  await expect(emu.removeFromChannel({ user: 'UBOB', channel: id, by: 'UALICE' })).rejects.toThrow(/not_in_channel/);
  await emu.removeFromChannel({ user: 'UCAROL', channel: id, by: 'UALICE' });
  expect(await bolted('member_left_channel')).toEqual({
    type: 'member_left_channel',
    user: 'UCAROL',
    channel: id,
    channel_type: 'G',
    team: 'T0001',
    event_ts: expect.any(String),
  });
  expect(emu.workspace.channels.get(id)?.members).not.toContain('UCAROL');
});

test('messageShortcut sends message_action with a usable trigger_id; closeView sends view_closed', async () => {
  const posted = await app.client.chat.postMessage({ channel: 'CINCIDENTS', text: 'Error rate 12%' });
  const res = await emu.messageShortcut({ user: 'UALICE', channel: 'CINCIDENTS', ts: posted.ts!, callbackId: 'quote' });
  expect(res.status).toBe(200);
  const delivery = emu.workspace.deliveries.at(-1)!;
  expect(delivery.kind).toBe('message_action');
  expect(delivery.payload).toMatchObject({
    type: 'message_action',
    callback_id: 'quote',
    trigger_id: expect.any(String),
    response_url: expect.stringContaining(`${emu.url}/response/`),
    team: { id: 'T0001', domain: expect.any(String) },
    user: { id: 'UALICE', name: 'alice' },
    channel: { id: 'CINCIDENTS', name: 'incidents' },
    message_ts: posted.ts,
    message: { type: 'message', ts: posted.ts, text: 'Error rate 12%', user: 'UBOT' },
    action_ts: expect.any(String),
  });
  const view = await emu.waitFor(() =>
    emu.workspace.openViews('UALICE').find((v) => v.view.callback_id === 'quote_modal'),
  );
  expect(seen.shortcuts).toHaveLength(1);

  const closed = await emu.closeView({ user: 'UALICE', viewId: view.id, values: { note_input: 'later' } });
  expect(closed.status).toBe(200);
  await emu.waitFor(() => seen.closed.length === 1);
  expect(seen.closed[0]).toEqual({
    isCleared: false,
    user: 'UALICE',
    values: {
      why: { why_input: { type: 'plain_text_input', value: 'looks relevant' } },
      note: { note_input: { type: 'plain_text_input', value: 'later' } },
    },
  });
  expect(emu.workspace.deliveries.at(-1)).toMatchObject({
    kind: 'view_closed',
    payload: { type: 'view_closed', is_cleared: false },
  });
  expect(emu.workspace.views.get(view.id)?.isOpen).toBe(false);
  await expect(emu.closeView({ user: 'UALICE', viewId: view.id })).rejects.toThrow(/not open/);
});

test('nothing reaches the bot from a channel it is not in, but the state changes', async () => {
  const { ts } = await emu.postUserMessage({ user: 'UALICE', channel: 'CGENERAL', text: 'lunch?' });
  const count = emu.workspace.deliveries.length;
  expect((await emu.addReaction({ user: 'UBOB', channel: 'CGENERAL', ts, name: 'taco' })).status).toBe(0);
  expect((await emu.editUserMessage({ user: 'UALICE', channel: 'CGENERAL', ts, text: 'lunch at 1?' })).status).toBe(0);
  expect((await emu.pinMessage({ user: 'UALICE', channel: 'CGENERAL', ts })).status).toBe(0);
  expect(emu.workspace.deliveries).toHaveLength(count);
  expect(emu.workspace.findMessage('CGENERAL', ts)).toMatchObject({
    text: 'lunch at 1?',
    reactions: [{ name: 'taco' }],
  });
  expect(emu.workspace.pins.get('CGENERAL')).toHaveLength(1);
});
