import { type Running, runFromEnv } from '../../src/cli/run';
import { createLogger } from '../../src/log';
import { SandboxClock } from '../../src/sandbox/clock';
import type { PageState } from '../../src/sandbox/page/state';
import { createTestDatabase, type TestDatabase } from '../support/database';

// The sandbox page's server side over plain HTTP: what the browser test
// relies on but cannot see directly (headers, refusals, events, the clock).

let database: TestDatabase;
let running: Running;
let base: string;

beforeAll(async () => {
  database = await createTestDatabase();
  running = await runFromEnv({ DATABASE_URL: database.url, PORT: '0' }, createLogger('silent'));
  base = running.emulator!.url;
}, 60_000);

afterAll(async () => {
  await running?.stop();
  await database?.drop();
});

type Answer = { ok: boolean; error?: string; now?: number };
const post = (path: string, body: unknown) =>
  fetch(`${base}/sandbox/api/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const answer = async (path: string, body: unknown) => (await (await post(path, body)).json()) as Answer;

test('SandboxClock runs with real time plus an offset that only grows', () => {
  let real = 1_000;
  const clock = new SandboxClock(() => real);
  expect(clock.now().getTime()).toBe(1_000);
  clock.advance(60_000);
  real += 5;
  expect(clock.now().getTime()).toBe(61_005);
  expect(clock.offsetMs).toBe(60_000);
  expect(() => clock.advance(-1)).toThrow(RangeError);
  expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
});

test('the page is served at the emulator URL, with a policy that lets nothing from outside run', async () => {
  const res = await fetch(`${base}/`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/html');
  expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  expect(await res.text()).toContain('/sandbox/app.js');
  for (const f of ['app.js', 'blocks.js', 'mrkdwn.js', 'modal.js', 'style.css']) expect((await fetch(`${base}/sandbox/${f}`)).status).toBe(200);
  expect((await fetch(`${base}/sandbox/../package.json`)).status).toBe(404);
  expect((await fetch(`${base}/sandbox/api.ts`)).status).toBe(404);
});

test('state is one person’s view: seeded channels, no modal, the emulated time', async () => {
  const state = (await (await fetch(`${base}/sandbox/api/state?user=UBOB&channel=CGENERAL`)).json()) as PageState;
  expect(state.me).toBe('UBOB');
  expect(state.conversations.map((c) => c.name).sort()).toEqual(['general', 'incidents']);
  expect(state.current).toMatchObject({ id: 'CGENERAL', isArchived: false, isMember: true, messages: [] });
  expect(state.modal).toBeNull();
  expect(Math.abs(state.now - running.clock!.now().getTime())).toBeLessThan(5_000);
  expect((await fetch(`${base}/sandbox/api/state?user=UBOT`)).status).toBe(400);
});

test('a person’s impossible actions are refused with the reason', async () => {
  const other = await answer('command', { user: 'UALICE', channel: 'CGENERAL', text: '/deploy now' });
  expect(other).toMatchObject({ ok: false, error: expect.stringContaining('/incident help') });
  const stranger = await answer('message', { user: 'UNOBODY', channel: 'CGENERAL', text: 'hi' });
  expect(stranger.ok).toBe(false);
  const badClock = await post('clock', { ms: -5 });
  expect(badClock.status).toBe(400);
  expect((await post('nothing', {})).status).toBe(404);
});

test('every change is announced as a server-sent event; advancing the clock moves both bot and emulator time', async () => {
  const controller = new AbortController();
  const res = await fetch(`${base}/sandbox/api/events`, { signal: controller.signal });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const nextEvent = async () => {
    let text = '';
    while (!text.includes('\n\n')) text += decoder.decode((await reader.read()).value);
    return text;
  };
  await nextEvent(); // the version on connect
  const before = running.clock!.now().getTime();
  const advanced = await answer('clock', { ms: 3_600_000 });
  expect(advanced.ok).toBe(true);
  expect(advanced.now! - before).toBeGreaterThanOrEqual(3_600_000);
  expect(await nextEvent()).toMatch(/^data: \d+/m);
  // The emulator stamps messages with the same clock.
  await running.emulator!.postUserMessage({ user: 'UALICE', channel: 'CGENERAL', text: 'later' });
  const ts = Number(running.emulator!.workspace.messagesIn('CGENERAL').at(-1)!.ts.split('.')[0]) * 1000;
  expect(ts).toBeGreaterThanOrEqual(before + 3_600_000 - 1000);
  controller.abort();
});

test('files open as plain text that cannot run anything', async () => {
  const ws = running.emulator!.workspace;
  ws.files.set('FTEST', {
    id: 'FTEST',
    name: 'x.html',
    title: 'x',
    content: Buffer.from('<script>alert(1)</script>'),
    size: 25,
    length: 25,
    mimetype: 'text/html',
    filetype: 'html',
    channels: ['CGENERAL'],
    user: 'UBOT',
    created: 0,
    permalink: '',
    urlPrivate: '',
    completed: true,
  });
  const res = await fetch(`${base}/sandbox/files/FTEST`);
  expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  expect(res.headers.get('content-security-policy')).toBe("default-src 'none'");
  expect(await res.text()).toBe('<script>alert(1)</script>');
  expect((await fetch(`${base}/sandbox/files/FNOPE`)).status).toBe(404);
});
