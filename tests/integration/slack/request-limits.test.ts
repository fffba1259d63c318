import { request } from 'node:http';
import { signedHeaders } from '@firebreak/slack-emulator/client';
import { type Harness, openDeclare, SIGNING_SECRET, startHarness } from '../../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.stop());

const form = 'application/x-www-form-urlencoded';

/** A correctly signed interaction payload, as Slack would post it. */
async function sendInteraction(payload: object) {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const started = Date.now();
  const res = await h.emulator.sendRaw(body, signedHeaders(SIGNING_SECRET, body, form));
  return { ...res, ms: Date.now() - started };
}

describe('bodies larger than Slack ever sends', () => {
  test('a 4 MB body is refused with 413', async () => {
    const body = `payload=${'x'.repeat(4 * 1024 * 1024 - 'payload='.length)}`;
    const res = await h.emulator.sendRaw(body, {
      'content-type': form,
      'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)),
      'x-slack-signature': 'v0=00',
    });
    expect(res.status).toBe(413);
  });

  test('the 413 comes from the announced length, before the body is read', async () => {
    // Announce 4 MB, send 1 KB and keep the request open: only a check of Content-Length can answer now.
    const url = new URL(h.bot.eventsUrl);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { 'content-type': form, 'content-length': String(4 * 1024 * 1024) },
        },
        (res) => {
          resolve(res.statusCode ?? 0);
          req.destroy();
        },
      );
      req.on('error', reject);
      req.write('payload='.padEnd(1024, 'x'));
    });
    expect(status).toBe(413);
    // Without the check it would wait for the other 4 MB: fail in seconds rather than at jest's 30.
  }, 5000);
});

describe('interactions nothing of ours handles are answered at once', () => {
  test('a button with an unknown action_id gets a prompt 200 and changes nothing', async () => {
    const calls = h.emulator.workspace.calls.length;
    const res = await sendInteraction({
      type: 'block_actions',
      team: { id: 'T0001' },
      user: { id: 'UALICE', team_id: 'T0001' },
      channel: { id: 'CGENERAL' },
      trigger_id: 'unknown.action.trigger',
      actions: [{ type: 'button', action_id: 'no_such_action', block_id: 'b1', value: 'x', action_ts: '1' }],
      response_url: `${h.emulator.url}/nowhere`,
    });
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(1000);
    await h.bot.idle();
    expect(h.emulator.workspace.calls.slice(calls)).toEqual([]);
  });

  // What differs between the two; who clicked where, and the response_url, are added below.
  test.each([
    [
      "a link button's click",
      {
        type: 'block_actions',
        trigger_id: 'link.button.trigger',
        // Slack posts a link button's click too, while the user's browser opens the link.
        actions: [
          { type: 'button', action_id: 'Xq3', block_id: 'b1', url: 'https://example.com/runbook', action_ts: '1' },
        ],
      },
    ],
    [
      'a message shortcut that is not ours',
      {
        type: 'message_action',
        callback_id: 'no_such_shortcut',
        trigger_id: 'unknown.shortcut.trigger',
        message_ts: '1.000001',
        message: { type: 'message', ts: '1.000001', text: 'hi' },
      },
    ],
  ])('%s gets a prompt 200 and changes nothing', async (_name, fields) => {
    const calls = h.emulator.workspace.calls.length;
    const res = await sendInteraction({
      team: { id: 'T0001' },
      user: { id: 'UALICE', team_id: 'T0001' },
      channel: { id: 'CGENERAL' },
      response_url: `${h.emulator.url}/nowhere`,
      ...fields,
    });
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(1000);
    await h.bot.idle();
    expect(h.emulator.workspace.calls.slice(calls)).toEqual([]);
  });

  test('view_closed gets a prompt 200 and changes nothing', async () => {
    const view = await openDeclare(h, 'UALICE');
    const calls = h.emulator.workspace.calls.length;
    const res = await sendInteraction({
      type: 'view_closed',
      team: { id: 'T0001' },
      user: { id: 'UALICE', team_id: 'T0001' },
      view: {
        id: view.id,
        callback_id: view.view.callback_id,
        type: 'modal',
        state: { values: {} },
        private_metadata: view.view.private_metadata ?? '',
      },
      is_cleared: false,
    });
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(1000);
    await h.bot.idle();
    expect(h.emulator.workspace.calls.slice(calls)).toEqual([]);
    expect(await h.db.selectFrom('incidents').selectAll().execute()).toEqual([]);
  });
});
