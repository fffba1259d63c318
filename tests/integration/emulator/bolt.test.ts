import type { AddressInfo } from 'node:net';
import { SlackEmulator, signature } from '@firebreak/slack-emulator';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

// A real Bolt app behind a real HTTPReceiver, driven only through the
// emulator: this is what the bot's own tests will do.

const SIGNING_SECRET = 'bolt-signing-secret';
const TOKEN = 'xoxb-bolt-token';

const declareModal = {
  type: 'modal' as const,
  callback_id: 'declare',
  title: { type: 'plain_text' as const, text: 'Declare incident' },
  submit: { type: 'plain_text' as const, text: 'Declare' },
  private_metadata: 'CINCIDENTS',
  blocks: [
    {
      type: 'input' as const,
      block_id: 'title',
      label: { type: 'plain_text' as const, text: 'Title' },
      element: { type: 'plain_text_input' as const, action_id: 'title_input' },
    },
    {
      type: 'input' as const,
      block_id: 'sev',
      label: { type: 'plain_text' as const, text: 'Severity' },
      element: {
        type: 'static_select' as const,
        action_id: 'sev_select',
        options: ['sev1', 'sev2'].map((v) => ({ text: { type: 'plain_text' as const, text: v }, value: v })),
      },
    },
  ],
};

let emu: SlackEmulator;
let app: App;
const seen: {
  secondOpen?: string;
  submissions: { title: string; sev: string; user: string; metadata: string }[];
  clicks: { actionId: string; value?: string; channel?: string }[];
  mentions: { text: string; retryNum?: number }[];
  messages: string[];
} = { submissions: [], clicks: [], mentions: [], messages: [] };

beforeAll(async () => {
  emu = new SlackEmulator({ signingSecret: SIGNING_SECRET, botToken: TOKEN });
  await emu.start();
  app = new App({
    receiver: new HTTPReceiver({ signingSecret: SIGNING_SECRET, logLevel: LogLevel.ERROR }),
    token: TOKEN,
    deferInitialization: true,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 } },
  });

  app.command('/incident', async ({ ack, body, client }) => {
    if (body.text === 'hello') return ack('Hi there');
    if (body.text === 'public') return ack({ response_type: 'in_channel', text: 'Everyone sees this' });
    await ack();
    await client.views.open({ trigger_id: body.trigger_id, view: declareModal });
    try {
      await client.views.open({ trigger_id: body.trigger_id, view: declareModal });
      seen.secondOpen = 'ok';
    } catch (e) {
      seen.secondOpen = (e as { data: { error: string } }).data.error;
    }
  });

  app.view('declare', async ({ ack, view, body }) => {
    const title = view.state.values.title.title_input.value ?? '';
    if (title.length < 5) return ack({ response_action: 'errors', errors: { title: 'Say a bit more' } });
    await ack();
    seen.submissions.push({
      title,
      sev: view.state.values.sev.sev_select.selected_option?.value ?? '',
      user: body.user.id,
      metadata: view.private_metadata,
    });
  });

  app.action('resolve', async ({ ack, body, action, respond }) => {
    await ack();
    const a = action as { action_id: string; value?: string };
    seen.clicks.push({ actionId: a.action_id, value: a.value, channel: body.channel?.id });
    await respond({ replace_original: true, text: 'Resolved by a click' });
  });

  app.event('app_mention', async ({ event, context }) => {
    seen.mentions.push({ text: event.text, retryNum: context.retryNum });
  });

  app.message(async ({ message }) => {
    if ('text' in message && message.text) seen.messages.push(message.text);
  });

  await app.init();
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as unknown as { address(): AddressInfo };
  emu.botEndpoint = `http://127.0.0.1:${server.address().port}/slack/events`;
});

afterAll(async () => {
  await app?.stop();
  await emu?.stop();
});

test('a signed slash command reaches Bolt; a text ack becomes an ephemeral for the invoker', async () => {
  const res = await emu.command({ user: 'UALICE', channel: 'CINCIDENTS', text: 'hello' });
  expect(res.status).toBe(200);
  expect(res.body).toBe('Hi there');
  expect(emu.workspace.ephemeralsFor('UALICE')).toMatchObject([
    { channel: 'CINCIDENTS', text: 'Hi there', source: 'ack' },
  ]);
});

test('an in_channel ack becomes a channel message from the bot', async () => {
  await emu.command({ user: 'UBOB', channel: 'CGENERAL', text: 'public' });
  expect(emu.workspace.messagesIn('CGENERAL')).toMatchObject([
    { text: 'Everyone sees this', user: 'UBOT', botId: 'BBOT' },
  ]);
});

test('views.open works once per trigger; submitView goes round: errors, then success', async () => {
  const res = await emu.command({ user: 'UCAROL', channel: 'CINCIDENTS' });
  expect(res).toEqual({ status: 200, body: '' });
  const view = await emu.waitFor(() => emu.workspace.openViews('UCAROL')[0]);
  await emu.waitFor(() => seen.secondOpen);
  expect(seen.secondOpen).toBe('exchanged_trigger_id');
  expect(view.view.callback_id).toBe('declare');

  const bad = await emu.submitView({
    user: 'UCAROL',
    viewId: view.id,
    values: { title_input: 'db', sev_select: 'sev1' },
  });
  expect(bad.body).toEqual({ response_action: 'errors', errors: { title: 'Say a bit more' } });
  expect(emu.workspace.views.get(view.id)).toMatchObject({ isOpen: true, errors: { title: 'Say a bit more' } });

  const good = await emu.submitView({
    user: 'UCAROL',
    viewId: view.id,
    values: { title_input: 'Database down', sev_select: 'sev1' },
  });
  expect(good.status).toBe(200);
  expect(emu.workspace.views.get(view.id)?.isOpen).toBe(false);
  expect(seen.submissions).toEqual([{ title: 'Database down', sev: 'sev1', user: 'UCAROL', metadata: 'CINCIDENTS' }]);
  const payload = emu.workspace.deliveries.at(-1)?.payload as Record<string, unknown>;
  expect(payload).toMatchObject({
    type: 'view_submission',
    team: { id: 'T0001' },
    user: { id: 'UCAROL', username: 'carol', name: 'carol', team_id: 'T0001' },
    api_app_id: expect.any(String),
    trigger_id: expect.any(String),
    view: { id: view.id, type: 'modal', callback_id: 'declare', hash: view.hash, private_metadata: 'CINCIDENTS' },
  });
});

test('clickButton sends block_actions for a stored message; respond replaces it', async () => {
  const posted = await app.client.chat.postMessage({
    channel: 'CINCIDENTS',
    text: 'INC-1',
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: '*INC-1* db down' } },
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: 'resolve', value: 'inc-1', text: { type: 'plain_text', text: 'Resolve' } },
        ],
      },
    ],
  });
  const res = await emu.clickButton({
    user: 'UDAVE',
    channel: 'CINCIDENTS',
    messageTs: posted.ts!,
    actionId: 'resolve',
  });
  expect(res.status).toBe(200);
  expect(seen.clicks).toEqual([{ actionId: 'resolve', value: 'inc-1', channel: 'CINCIDENTS' }]);
  await emu.waitFor(() => emu.workspace.findMessage('CINCIDENTS', posted.ts!)?.text === 'Resolved by a click');
  await expect(
    emu.clickButton({ user: 'UDAVE', channel: 'CINCIDENTS', messageTs: posted.ts!, actionId: 'resolve' }),
  ).rejects.toThrow(/no element with action_id 'resolve'/);
});

test('sendEvent delivers an event_callback; retries carry their headers', async () => {
  const first = await emu.sendEvent(
    { type: 'app_mention', user: 'UALICE', channel: 'CINCIDENTS', text: '<@UBOT> status' },
    { eventId: 'Ev1' },
  );
  expect(first.status).toBe(200);
  await emu.sendEvent(
    { type: 'app_mention', user: 'UALICE', channel: 'CINCIDENTS', text: '<@UBOT> again' },
    { eventId: 'Ev1', retryNum: 1 },
  );
  await emu.waitFor(() => seen.mentions.length === 2);
  expect(seen.mentions).toEqual([
    { text: '<@UBOT> status', retryNum: undefined },
    { text: '<@UBOT> again', retryNum: 1 },
  ]);
  const envelope = emu.workspace.deliveries.at(-1)?.payload;
  expect(envelope).toMatchObject({
    type: 'event_callback',
    team_id: 'T0001',
    event_id: 'Ev1',
    event_time: expect.any(Number),
  });
});

test('postUserMessage stores the message and sends the message event', async () => {
  const { ts, response } = await emu.postUserMessage({ user: 'UBOB', channel: 'CINCIDENTS', text: 'seeing 500s' });
  expect(response.status).toBe(200);
  expect(emu.workspace.findMessage('CINCIDENTS', ts)?.text).toBe('seeing 500s');
  await emu.waitFor(() => seen.messages.includes('seeing 500s'));
});

test('a forged signature gets 401 from Bolt', async () => {
  const body = JSON.stringify({ type: 'event_callback', event: { type: 'app_mention', text: 'forged' } });
  const ts = String(Math.floor(Date.now() / 1000));
  const forged = await emu.sendRaw(body, {
    'content-type': 'application/json',
    'x-slack-request-timestamp': ts,
    'x-slack-signature': signature('not-the-secret', Number(ts), body),
  });
  expect(forged.status).toBe(401);
  const unsigned = await emu.sendRaw(body, { 'content-type': 'application/json' });
  expect(unsigned.status).toBe(401);
  expect(seen.mentions.map((m) => m.text)).not.toContain('forged');
});
