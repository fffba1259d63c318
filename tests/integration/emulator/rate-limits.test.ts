import { SlackEmulator } from '@firebreak/slack-emulator';
import { WebClient, WebClientEvent } from '@slack/web-api';
import { quiet } from '../../support/quiet-logger';

const TOKEN = 'xoxb-test-token';
let emu: SlackEmulator;
let clock: { t: number };

function client(opts: { rejectRateLimitedCalls: boolean; retries?: number }): WebClient {
  return new WebClient(TOKEN, {
    slackApiUrl: emu.apiUrl,
    retryConfig: { retries: opts.retries ?? 0, minTimeout: 0, maxTimeout: 0 },
    rejectRateLimitedCalls: opts.rejectRateLimitedCalls,
    logger: quiet,
  });
}

/** One raw call, to read the status, header and body as Slack sends them. */
async function raw(method: string, args: Record<string, unknown>) {
  const res = await fetch(`${emu.apiUrl}${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(args),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() };
}

/** How a call ended: 'ok', or the rate-limit error with the Retry-After the client read. */
async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    const err = e as { code?: string; retryAfter?: number; data?: { error?: string } };
    if (err.code === 'slack_webapi_rate_limited_error') return `ratelimited ${err.retryAfter}`;
    return err.data?.error ?? String(e);
  }
}

function start(opts: Partial<ConstructorParameters<typeof SlackEmulator>[0]>): Promise<void> {
  emu = new SlackEmulator({ signingSecret: 'secret', botToken: TOKEN, now: () => clock.t, ...opts });
  return emu.start();
}

beforeEach(() => {
  clock = { t: 1_767_225_600_000 };
});

afterEach(async () => {
  await emu.stop();
});

describe('rate limits', () => {
  test('off by default: a burst far over Tier 2 passes', async () => {
    await start({});
    const slack = client({ rejectRateLimitedCalls: true });
    for (let i = 0; i < 25; i++) expect(await outcome(slack.conversations.create({ name: `off-${i}` }))).toBe('ok');
    expect(emu.rateLimited()).toEqual([]);
  });

  test('a Tier 2 burst up to capacity passes, the next gets 429 with Retry-After, and passes after it', async () => {
    await start({ rateLimits: true });
    const slack = client({ rejectRateLimitedCalls: true });
    for (let i = 0; i < 20; i++) expect(await outcome(slack.conversations.create({ name: `inc-${i}` }))).toBe('ok');

    const refused = await raw('conversations.create', { name: 'inc-20' });
    expect(refused).toEqual({ status: 429, retryAfter: '3', body: { ok: false, error: 'ratelimited' } });
    expect(emu.workspace.channelByName('inc-20')).toBeUndefined();
    expect(await outcome(slack.conversations.create({ name: 'inc-20' }))).toBe('ratelimited 3');

    clock.t += 2000;
    expect(await outcome(slack.conversations.create({ name: 'inc-20' }))).toBe('ratelimited 1');
    clock.t += 1000;
    expect(await outcome(slack.conversations.create({ name: 'inc-20' }))).toBe('ok');

    expect(emu.rateLimited().map((r) => [r.method, r.retryAfter, r.retryAfterMs, r.cause, r.scope])).toEqual([
      ['conversations.create', 3, 3000, 'limit', 'workspace'],
      ['conversations.create', 3, 3000, 'limit', 'workspace'],
      ['conversations.create', 1, 1000, 'limit', 'workspace'],
    ]);
    expect(emu.rateLimitedCounts()).toEqual({ 'conversations.create': 3 });
    expect(emu.callCounts()).toEqual({ 'conversations.create': 24 });
  });

  test('postMessage limits are per channel, independent across channels, and the count names the channel', async () => {
    await start({ rateLimits: true });
    const slack = client({ rejectRateLimitedCalls: true });
    const post = (channel: string) => outcome(slack.chat.postMessage({ channel, text: 'x' }));
    for (let i = 0; i < 60; i++) expect(await post('CINCIDENTS')).toBe('ok');
    expect(await post('CINCIDENTS')).toBe('ratelimited 1');
    await slack.conversations.create({ name: 'other' });
    const other = emu.workspace.channelByName('other')?.id ?? '';
    for (let i = 0; i < 60; i++) expect(await post(other)).toBe('ok');
    expect(await post(other)).toBe('ratelimited 1');

    expect(emu.rateLimited('chat.postMessage').map((r) => [r.channel, r.scope])).toEqual([
      ['CINCIDENTS', 'channel'],
      [other, 'channel'],
    ]);
    expect(emu.workspace.messagesIn('CINCIDENTS')).toHaveLength(60);
    clock.t += 1000;
    expect(await post('CINCIDENTS')).toBe('ok');
  });

  test('postMessage counts per conversation, however the bot names it', async () => {
    await start({ rateLimits: true });
    const slack = client({ rejectRateLimitedCalls: true });
    const post = (channel: string) => outcome(slack.chat.postMessage({ channel, text: 'x' }));
    for (let i = 0; i < 30; i++) expect(await post('#incidents')).toBe('ok');
    for (let i = 0; i < 30; i++) expect(await post('CINCIDENTS')).toBe('ok');
    expect(await post('incidents')).toBe('ratelimited 1');
    // A user id posts to their DM: the same bucket as the DM's id.
    for (let i = 0; i < 30; i++) expect(await post('UALICE')).toBe('ok');
    const dm = emu.workspace.imFor('UALICE').id;
    for (let i = 0; i < 30; i++) expect(await post(dm)).toBe('ok');
    expect(await post('UALICE')).toBe('ratelimited 1');
    expect(emu.rateLimited().map((r) => r.channel)).toEqual(['CINCIDENTS', dm]);
  });

  test('with a time scale, a minute lasts 600 ms of the clock; @slack/web-api waits out Retry-After and retries', async () => {
    // The real clock: WebClient really waits the Retry-After it reads.
    emu = new SlackEmulator({ signingSecret: 'secret', botToken: TOKEN, rateLimits: { timeScale: 100 } });
    await emu.start();
    const slack = client({ rejectRateLimitedCalls: false, retries: 3 });
    const limited: number[] = [];
    slack.on(WebClientEvent.RATE_LIMITED, (seconds: number) => limited.push(seconds));
    const started = Date.now();
    // 40 at once: the first 20 drain the bucket faster than 30 ms a token refills it.
    await Promise.all(Array.from({ length: 40 }, (_, i) => slack.conversations.create({ name: `fast-${i}` })));

    expect(Array.from({ length: 40 }, (_, i) => emu.workspace.channelByName(`fast-${i}`)).every(Boolean)).toBe(true);
    expect(limited.length).toBeGreaterThan(0);
    expect(new Set(limited)).toEqual(new Set([1]));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    // The exact wait is at most 30 ms (60 s / 20 / 100); the header rounds it up to Slack's whole second.
    for (const r of emu.rateLimited()) expect(r).toMatchObject({ retryAfter: 1, cause: 'limit', scope: 'workspace' });
    expect(Math.max(...emu.rateLimited().map((r) => r.retryAfterMs))).toBeLessThanOrEqual(30);
  });

  test('failNext still comes first, and its 429s are recorded apart from the limits', async () => {
    await start({ rateLimits: true });
    emu.failNext('users.info', { status: 429, retryAfter: 7 });
    emu.failNext('users.info', { error: 'fatal_error' });
    const slack = client({ rejectRateLimitedCalls: true });
    expect(await outcome(slack.users.info({ user: 'UALICE' }))).toBe('ratelimited 7');
    expect(await outcome(slack.users.info({ user: 'UALICE' }))).toBe('fatal_error');
    expect(await outcome(slack.users.info({ user: 'UALICE' }))).toBe('ok');
    expect(emu.rateLimited()).toEqual([
      { method: 'users.info', at: clock.t, retryAfter: 7, retryAfterMs: 7000, cause: 'failNext' },
    ]);
    expect(emu.rateLimitedCounts('limit')).toEqual({});
    expect(emu.rateLimitedCounts('failNext')).toEqual({ 'users.info': 1 });
  });

  test('reset() fills the buckets and forgets the 429s; setRateLimits(false) turns them off', async () => {
    await start({ rateLimits: true });
    const slack = client({ rejectRateLimitedCalls: true });
    for (let i = 0; i < 20; i++)
      await slack.pins.add({ channel: 'CINCIDENTS', timestamp: '1.1' }).catch(() => undefined);
    expect(await outcome(slack.pins.add({ channel: 'CINCIDENTS', timestamp: '1.1' }))).toBe('ratelimited 3');
    emu.reset();
    expect(emu.rateLimited()).toEqual([]);
    expect(await outcome(slack.pins.add({ channel: 'CINCIDENTS', timestamp: '1.1' }))).toBe('message_not_found');
    for (let i = 0; i < 20; i++)
      await slack.pins.add({ channel: 'CINCIDENTS', timestamp: '1.1' }).catch(() => undefined);
    emu.setRateLimits(false);
    expect(await outcome(slack.pins.add({ channel: 'CINCIDENTS', timestamp: '1.1' }))).toBe('message_not_found');
  });
});

describe('latency', () => {
  test('every Web API call is answered after latencyMs, settable at runtime', async () => {
    await start({ latencyMs: 400 });
    const slack = client({ rejectRateLimitedCalls: true });
    const timed = async () => {
      const started = performance.now();
      await slack.auth.test();
      return performance.now() - started;
    };
    expect(await timed()).toBeGreaterThanOrEqual(395);
    emu.setLatency(0);
    expect(await timed()).toBeLessThan(395);
    emu.setLatency(200);
    expect(await timed()).toBeGreaterThanOrEqual(195);
    expect(() => emu.setLatency(-1)).toThrow(/setLatency/);
  });
});
