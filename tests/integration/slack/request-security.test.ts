import { signature } from '@firebreak/slack-emulator/client';
import { type Harness, SIGNING_SECRET, startHarness } from '../../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.stop());

const body = new URLSearchParams({
  command: '/incident',
  text: 'declare Forged incident',
  user_id: 'UALICE',
  channel_id: 'CGENERAL',
  team_id: 'T0001',
  trigger_id: 'forged.trigger',
  response_url: 'http://127.0.0.1:1/nowhere',
}).toString();
const form = 'application/x-www-form-urlencoded';
const now = () => Math.floor(Date.now() / 1000);

describe('requests that did not come from Slack', () => {
  test.each([
    ['no signature at all', () => ({ 'content-type': form })],
    [
      'signed with the wrong secret',
      () => ({
        'content-type': form,
        'x-slack-request-timestamp': String(now()),
        'x-slack-signature': signature('not-the-secret', now(), body),
      }),
    ],
    [
      'signature of another body',
      () => ({
        'content-type': form,
        'x-slack-request-timestamp': String(now()),
        'x-slack-signature': signature(SIGNING_SECRET, now(), `${body}&x=1`),
      }),
    ],
    [
      'stale: signed 10 minutes ago',
      () => {
        const ts = now() - 600;
        return {
          'content-type': form,
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': signature(SIGNING_SECRET, ts, body),
        };
      },
    ],
    [
      'garbage signature',
      () => ({ 'content-type': form, 'x-slack-request-timestamp': String(now()), 'x-slack-signature': 'v0=deadbeef' }),
    ],
  ])('%s: 401 and nothing happens', async (_name, headers) => {
    const calls = h.emulator.workspace.calls.length;
    const res = await h.emulator.sendRaw(body, headers());
    expect(res.status).toBe(401);
    await h.bot.idle();
    expect(h.emulator.workspace.calls.slice(calls)).toEqual([]);
    const n = await h.db
      .selectFrom('incidents')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(0);
  });

  test('the same request correctly signed is accepted (so the 401s above are about the signature)', async () => {
    const ts = now();
    const res = await h.emulator.sendRaw(body, {
      'content-type': form,
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signature(SIGNING_SECRET, ts, body),
    });
    expect(res.status).toBe(200);
    await h.bot.idle();
  });
});
