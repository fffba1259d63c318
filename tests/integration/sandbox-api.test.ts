import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SandboxClock } from '@firebreak/sandbox/clock';
import type { PageState } from '@firebreak/sandbox/state';
import type { Running } from '../../src/cli/run';
import { HOME_FOLLOWUP_DONE_BUTTON } from '../../src/features/home/home.ids';
import { DECLARE_FIELDS, DECLARE_JOIN_BUTTON } from '../../src/features/incidents/incidents.ids';
import { RECOVERY_STEP_BUTTON } from '../../src/features/recovery/recovery.ids';
import { encodePng } from '../../src/features/stats/chart/png';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { type DeclareValues, declareValues } from '../support/harness';
import { startSandbox } from '../support/sandbox';

// The sandbox page's server side over plain HTTP: what the browser test
// relies on but cannot see directly (headers, refusals, events, the clock).

let database: TestDatabase;
let running: Running;
let base: string;
let firstSight: { state: PageState; clock: number };

beforeAll(async () => {
  database = await createTestDatabase();
  running = await startSandbox(database.url);
  base = running.emulator!.url;
  // The seeded workspace as a person first sees it: taken before any test adds channels or messages.
  firstSight = {
    state: (await (await fetch(`${base}/sandbox/api/state?user=UBOB&channel=CGENERAL`)).json()) as PageState,
    clock: running.clock!.now().getTime(),
  };
}, 60_000);

afterAll(async () => {
  await running?.stop();
  await database?.drop();
});

type Answer = { ok: boolean; error?: string; now?: number };
const post = (path: string, body: unknown) =>
  fetch(`${base}/sandbox/api/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
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
  for (const f of ['app.js', 'blocks.js', 'mrkdwn.js', 'modal.js', 'integrations.js', 'style.css'])
    expect((await fetch(`${base}/sandbox/${f}`)).status).toBe(200);
  expect((await fetch(`${base}/sandbox/../package.json`)).status).toBe(404);
  expect((await fetch(`${base}/sandbox/api.ts`)).status).toBe(404);
});

test('state is one person’s view: seeded channels, no modal, the emulated time', async () => {
  const { state, clock } = firstSight;
  expect(state.me).toBe('UBOB');
  expect(state.conversations.map((c) => c.name).sort()).toEqual(['general', 'incidents']);
  expect(state.current).toMatchObject({ id: 'CGENERAL', isArchived: false, isMember: true, messages: [] });
  expect(state.modal).toBeNull();
  expect(Math.abs(state.now - clock)).toBeLessThan(5_000);
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

describe('what the page shows of Firebreak’s messages', () => {
  function addFile(id: string, name: string, content: Buffer, mimetype: string) {
    const ws = running.emulator!.workspace;
    ws.files.set(id, {
      id,
      name,
      title: name,
      content,
      size: content.length,
      length: content.length,
      mimetype,
      filetype: 'png',
      channels: ['CGENERAL'],
      user: 'UBOT',
      created: 0,
      permalink: '',
      urlPrivate: '',
      completed: true,
    });
  }

  test('a PNG (the stats chart) is served as an image, inline, and the state tells the page to show it', async () => {
    const ws = running.emulator!.workspace;
    addFile('FCHART', 'chart.png', encodePng(2, 2, new Uint8Array(12)), 'image/png');
    // Named .png but not one: served as a download, never as an image.
    addFile('FFAKE', 'fake.png', Buffer.from('<svg onload=alert(1)>'), 'image/png');
    const chart = await fetch(`${base}/sandbox/files/FCHART`);
    expect(chart.headers.get('content-type')).toBe('image/png');
    expect(chart.headers.get('content-disposition')).toBe('inline; filename="chart.png"');
    expect(chart.headers.get('content-security-policy')).toBe("default-src 'none'");
    const fake = await fetch(`${base}/sandbox/files/FFAKE`);
    expect(fake.headers.get('content-type')).toBe('application/octet-stream');
    expect(fake.headers.get('content-disposition')).toMatch(/^attachment/);

    ws.addMessage({ channel: 'CGENERAL', user: 'UBOT', text: 'Your chart', files: ['FCHART', 'FFAKE'] });
    const state = (await (await fetch(`${base}/sandbox/api/state?user=UALICE&channel=CGENERAL`)).json()) as PageState;
    const files = state.current!.messages.at(-1)!.files;
    expect(files.map((f) => [f.name, f.image])).toEqual([
      ['chart.png', true],
      ['fake.png', false],
    ]);
  });

  test('the page has a picture for every emoji code Firebreak sends', async () => {
    const sent = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory() && entry.name !== 'sandbox') walk(path);
        else if (entry.name.endsWith('.ts'))
          for (const m of readFileSync(path, 'utf8').matchAll(/(?:^|[^a-z0-9_]):([a-z][a-z0-9_+]*):/g)) sent.add(m[1]);
      }
    };
    walk(join(__dirname, '../../src'));
    expect(sent.has('test_tube')).toBe(true);
    const served = await (await fetch(`${base}/sandbox/mrkdwn.js`)).text();
    const table = served.slice(
      served.indexOf('const EMOJI = {'),
      served.indexOf('};', served.indexOf('const EMOJI = {')),
    );
    const known = new Set([...table.matchAll(/'?([a-z0-9_+]+)'?: '/g)].map((m) => m[1]));
    expect([...sent].filter((code) => !known.has(code)).sort()).toEqual([]);
  });
});

describe('the sandbox’s own policy (no CONFIG_FILE)', () => {
  test('/incident drill offers its DR plan; picking it posts the plan’s checklist in the drill channel', async () => {
    const ws = running.emulator!.workspace;
    const before = new Set(ws.openViews('UBOB').map((x) => x.id));
    expect(
      await answer('command', { user: 'UBOB', channel: 'CGENERAL', text: '/incident drill Failover rehearsal' }),
    ).toMatchObject({ ok: true });
    const view = await running.emulator!.waitFor(() => ws.openViews('UBOB').find((x) => !before.has(x.id)));
    const plan = view.view.blocks?.find((b) => b.block_id === DECLARE_FIELDS.plan.block);
    expect(plan?.element?.options?.map((o) => o.value)).toEqual(['db-failover']);
    const values = {
      ...declareValues({ severity: 'SEV3', commander: 'UBOB' }),
      [DECLARE_FIELDS.plan.action]: 'db-failover',
    };
    expect(await answer('view/submit', { user: 'UBOB', viewId: view.id, values })).toMatchObject({ ok: true });
    const checklist = await running.emulator!.waitFor(
      () =>
        [...ws.channels.values()]
          .filter((c) => c.name.includes('failover-rehearsal'))
          .flatMap((c) => ws.messagesIn(c.id))
          .find((m) => m.text.startsWith('Recovery guide')),
      15_000,
    );
    expect(JSON.stringify(checklist.blocks)).toContain('Freeze writes');
    expect(JSON.stringify(checklist.blocks)).toContain(RECOVERY_STEP_BUTTON);
  });
});

describe('the Home tab', () => {
  const state = async (user: string) =>
    (await (await fetch(`${base}/sandbox/api/state?user=${user}&channel=home`)).json()) as PageState;
  const homeText = async (user: string) => JSON.stringify((await state(user)).home?.blocks ?? null);

  /** Declares through the page's routes (command, then the modal) and returns the new channel's id. */
  async function declareAs(user: string, v: DeclareValues & { title: string }) {
    const ws = running.emulator!.workspace;
    const before = new Set(ws.openViews(user).map((x) => x.id));
    expect(await answer('command', { user, channel: 'CGENERAL', text: `/incident declare ${v.title}` })).toMatchObject({
      ok: true,
    });
    const view = await running.emulator!.waitFor(() => ws.openViews(user).find((x) => !before.has(x.id)));
    expect(
      await answer('view/submit', {
        user,
        viewId: view.id,
        values: declareValues({ severity: 'SEV2', commander: user, ...v }),
      }),
    ).toMatchObject({ ok: true });
    const slug = v.title.toLowerCase().replace(/\W+/g, '-');
    // Ready once the declarer is in the channel and the header is pinned: both come after the incident has its channel.
    return running.emulator!.waitFor(
      () =>
        [...ws.channels.values()].find(
          (c) => c.name.endsWith(slug) && c.members.includes(user) && (ws.pins.get(c.id)?.length ?? 0) > 0,
        )?.id,
      15_000,
    );
  }

  /** Gives `user` the follow-up `text` in the incident of `channel`, through the page's command route. */
  async function followupAs(user: string, channel: string, text: string) {
    expect(await answer('command', { user, channel, text: `/incident followup ${text} <@${user}>` })).toMatchObject({
      ok: true,
    });
  }

  /** Opens the Home tab once the bot's follow-up work is done, and expects it to show `text`. */
  async function openShowing(user: string, text: string) {
    await running.bot.idle();
    expect(await answer('home/open', { user })).toMatchObject({ ok: true });
    await running.bot.idle();
    expect(await homeText(user)).toContain(text);
  }

  test('opening it draws the person’s own; its Done button republishes it; state never carries another person’s', async () => {
    const open = await declareAs('UALICE', { title: 'Search is slow' });
    const secret = await declareAs('UBOB', { title: 'Payroll export leaked', private: true });
    await followupAs('UALICE', open, 'Add a search alert');
    await followupAs('UBOB', secret, 'Rotate the export key');
    await openShowing('UALICE', 'Add a search alert');
    await openShowing('UBOB', 'Rotate the export key');

    const alice = await state('UALICE');
    expect(JSON.stringify(alice.home)).toContain('Search is slow');
    expect(JSON.stringify(alice.home)).toContain('commander of');
    // Nothing of Bob's private incident, nor of his Home tab, is anywhere in Alice's state.
    expect(JSON.stringify(alice)).not.toContain('Payroll export leaked');
    expect(JSON.stringify(alice)).not.toContain('Rotate the export key');
    const bob = await state('UBOB');
    expect(JSON.stringify(bob.home)).toContain('Payroll export leaked');
    expect(bob.home!.hash).not.toBe(alice.home!.hash);
    // Carol never opened her Home tab: she gets none, not someone else's.
    expect((await state('UCAROL')).home).toBeNull();

    // Done on the follow-up: Firebreak marks it done and publishes the tab again without it.
    const row = alice.home!.blocks.find((b) => JSON.stringify(b).includes('Add a search alert')) as {
      accessory?: { action_id: string; value: string };
    };
    expect(row.accessory?.action_id).toBe(HOME_FOLLOWUP_DONE_BUTTON);
    expect(
      await answer('home/button', { user: 'UALICE', actionId: HOME_FOLLOWUP_DONE_BUTTON, value: row.accessory!.value }),
    ).toMatchObject({ ok: true });
    await running.bot.idle();
    expect(await homeText('UALICE')).not.toContain('Add a search alert');
    expect(await homeText('UALICE')).toContain('Search is slow');
    expect(await homeText('UBOB')).toContain('Rotate the export key');
  });

  test('impossible Home actions are refused with the reason and change nothing', async () => {
    // Its own Home tabs, whatever ran before: Alice's open, and Bob's with a follow-up of his own on it.
    const ledger = await declareAs('UBOB', { title: 'Ledger export leaked', private: true });
    await followupAs('UBOB', ledger, 'Rotate the export key');
    await openShowing('UBOB', 'Rotate the export key');
    await openShowing('UALICE', 'Declare incident');

    expect((await post('home/open', { user: 'UNOBODY' })).status).toBe(400);
    expect((await post('home/open', { user: 'UBOT' })).status).toBe(400);
    const unknown = await answer('home/button', { user: 'UALICE', actionId: 'no_such_action' });
    expect(unknown).toMatchObject({ ok: false, error: expect.stringContaining('no_such_action') });
    // A button only works on the Home tab it is on: Bob's follow-up is not on Alice's.
    const bobs = (await state('UBOB')).home!.blocks.find((b) =>
      JSON.stringify(b).includes('Rotate the export key'),
    ) as { accessory: { value: string } };
    const foreign = await answer('home/button', {
      user: 'UALICE',
      actionId: HOME_FOLLOWUP_DONE_BUTTON,
      value: bobs.accessory.value,
    });
    expect(foreign.ok).toBe(false);
    expect(await homeText('UBOB')).toContain('Rotate the export key');
  });

  test('a button in a modal works from the page: the declare form’s Join brings the person into the incident', async () => {
    const ws = running.emulator!.workspace;
    const channel = await declareAs('UALICE', { title: 'Sandbox webhooks failing' });
    const number = ws.channels.get(channel)!.name.match(/^inc-(\d+)-/)![1];
    const before = new Set(ws.openViews('UCAROL').map((x) => x.id));
    await answer('command', {
      user: 'UCAROL',
      channel: 'CGENERAL',
      text: '/incident declare sandbox webhooks are failing',
    });
    const view = await running.emulator!.waitFor(() => ws.openViews('UCAROL').find((x) => !before.has(x.id)));
    expect(await answer('view/submit', { user: 'UCAROL', viewId: view.id, values: {} })).toMatchObject({
      ok: true,
      open: true,
    });
    expect(
      await answer('view/button', { user: 'UCAROL', viewId: view.id, actionId: DECLARE_JOIN_BUTTON, value: number }),
    ).toMatchObject({ ok: true });
    await running.bot.idle();
    expect(ws.channels.get(channel)!.members).toContain('UCAROL');
    expect(JSON.stringify(ws.views.get(view.id)!.view.blocks)).toContain(`You joined INC-${number}`);
  });
});

test('the page fires the declare shortcuts: the lightning menu’s opens the declare form, a message’s prefills it', async () => {
  const ws = running.emulator!.workspace;
  const opened = async (user: string, act: () => Promise<Answer>) => {
    const before = new Set(ws.openViews(user).map((x) => x.id));
    expect(await act()).toMatchObject({ ok: true });
    return running.emulator!.waitFor(() => ws.openViews(user).find((x) => !before.has(x.id)));
  };
  const blank = await opened('UDAVE', () => answer('global-shortcut', { user: 'UDAVE' }));
  expect(blank.view.title?.text).toBe('Declare an incident');
  const posted = await running.emulator!.postUserMessage({
    user: 'UDAVE',
    channel: 'CGENERAL',
    text: 'Sandbox login page is blank',
  });
  const prefilled = await opened('UDAVE', () =>
    answer('declare-from-message', { user: 'UDAVE', channel: 'CGENERAL', ts: posted.ts }),
  );
  expect(JSON.stringify(prefilled.view.blocks)).toContain('"initial_value":"Sandbox login page is blank"');
});
