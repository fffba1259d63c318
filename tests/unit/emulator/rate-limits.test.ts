import {
  bucketOf,
  METHOD_TIERS,
  RateLimiter,
  retryAfterSeconds,
  SLACK_RATE_LIMITS,
  TIER_PER_MINUTE,
} from '@firebreak/slack-emulator';
import { msUntilToken, refilled } from '@firebreak/slack-emulator/rate-limits';
import { SERVED_METHODS } from '@firebreak/slack-emulator/web-api';

describe('the limits table', () => {
  test('Slack documents a minimum per tier; a bucket holds one minute and refills it over 60 s', () => {
    expect(TIER_PER_MINUTE).toEqual({ tier1: 1, tier2: 20, tier3: 50, tier4: 100 });
    expect(bucketOf('workspace', 20)).toEqual({
      scope: 'workspace',
      perMinute: 20,
      capacity: 20,
      refillPerSecond: 1 / 3,
    });
  });

  test.each([
    ['conversations.create', [{ scope: 'workspace', perMinute: 20 }]],
    ['conversations.invite', [{ scope: 'workspace', perMinute: 50 }]],
    ['views.publish', [{ scope: 'workspace', perMinute: 100 }]],
    ['apps.connections.open', [{ scope: 'workspace', perMinute: 1 }]],
    ['auth.test', [{ scope: 'workspace', perMinute: 600 }]],
    ['chat.getPermalink', [{ scope: 'workspace', perMinute: 600 }]],
    [
      'chat.postMessage',
      [
        { scope: 'channel', perMinute: 60 },
        { scope: 'workspace', perMinute: 300 },
      ],
    ],
  ])('%s draws on its buckets', (method, limits) => {
    expect(SLACK_RATE_LIMITS[method]).toEqual(limits.map((l) => expect.objectContaining(l)));
  });

  test('every method the emulator serves has a documented tier', () => {
    expect(SERVED_METHODS.filter((m) => !METHOD_TIERS[m])).toEqual([]);
    expect(Object.keys(METHOD_TIERS).filter((m) => !SLACK_RATE_LIMITS[m]?.length)).toEqual([]);
  });
});

describe('bucket maths', () => {
  test('refill is linear from the last take and stops at capacity', () => {
    const perMs = 20 / 60 / 1000;
    expect(refilled({ tokens: 0, at: 0 }, 20, perMs, 3000)).toBeCloseTo(1);
    expect(refilled({ tokens: 5, at: 1000 }, 20, perMs, 7000)).toBeCloseTo(7);
    expect(refilled({ tokens: 19, at: 0 }, 20, perMs, 3_600_000)).toBe(20);
    expect(refilled({ tokens: 3, at: 5000 }, 20, perMs, 4000)).toBe(3);
  });

  test('the wait for a token is what the refill still owes', () => {
    const perMs = 1 / 1000;
    expect(msUntilToken(1, perMs)).toBe(0);
    expect(msUntilToken(0, perMs)).toBe(1000);
    expect(msUntilToken(0.25, perMs)).toBe(750);
    // A sum of floats just under one token counts as one.
    expect(msUntilToken(0.9999999999, perMs)).toBe(0);
  });

  test('Retry-After is whole seconds rounded up, at least 1', () => {
    expect([0, 1, 999, 1000, 1001, 2999.5].map(retryAfterSeconds)).toEqual([1, 1, 1, 1, 2, 3]);
  });
});

describe('RateLimiter', () => {
  const clock = { t: 0 };
  const now = () => clock.t;
  beforeEach(() => {
    clock.t = 1_000_000;
  });

  test('a full Tier 2 bucket passes 20, refuses the 21st for 3 s, then passes one more', () => {
    const limiter = new RateLimiter(now);
    for (let i = 0; i < 20; i++) expect(limiter.take('conversations.create')).toEqual({ ok: true });
    expect(limiter.take('conversations.create')).toEqual({ ok: false, retryAfterMs: 3000, scope: 'workspace' });
    clock.t += 2999;
    expect(limiter.take('conversations.create').ok).toBe(false);
    clock.t += 1;
    expect(limiter.take('conversations.create')).toEqual({ ok: true });
    expect(limiter.take('conversations.create').ok).toBe(false);
    // Methods of the same tier have buckets of their own.
    expect(limiter.take('pins.add')).toEqual({ ok: true });
  });

  test('a time scale refills faster and keeps the capacity', () => {
    const limiter = new RateLimiter(now, 100);
    for (let i = 0; i < 20; i++) limiter.take('conversations.create');
    const refused = limiter.take('conversations.create');
    expect(refused).toMatchObject({ ok: false, scope: 'workspace' });
    expect(refused.ok === false && refused.retryAfterMs).toBeCloseTo(30);
    clock.t += 600;
    for (let i = 0; i < 20; i++) expect(limiter.take('conversations.create').ok).toBe(true);
    expect(limiter.take('conversations.create').ok).toBe(false);
  });

  test('chat.postMessage: per channel, independent across channels, under a workspace cap', () => {
    const limiter = new RateLimiter(now);
    for (let i = 0; i < 60; i++) expect(limiter.take('chat.postMessage', 'C1').ok).toBe(true);
    expect(limiter.take('chat.postMessage', 'C1')).toEqual({ ok: false, retryAfterMs: 1000, scope: 'channel' });
    for (let i = 0; i < 60; i++) expect(limiter.take('chat.postMessage', 'C2').ok).toBe(true);
    for (let c = 3; c <= 5; c++) for (let i = 0; i < 60; i++) limiter.take('chat.postMessage', `C${c}`);
    // 300 posts in five channels: a sixth channel, with a full bucket of its own, meets the workspace cap.
    expect(limiter.take('chat.postMessage', 'C6')).toEqual({ ok: false, retryAfterMs: 200, scope: 'workspace' });
    // Refused calls spend nothing: C6's bucket is still full once the cap refills.
    clock.t += 60_000;
    for (let i = 0; i < 60; i++) expect(limiter.take('chat.postMessage', 'C6').ok).toBe(true);
  });

  test('methods outside the table are not limited; clear() fills every bucket', () => {
    const limiter = new RateLimiter(now);
    for (let i = 0; i < 1000; i++) expect(limiter.take('nope.nothing').ok).toBe(true);
    limiter.take('apps.connections.open');
    expect(limiter.take('apps.connections.open')).toEqual({ ok: false, retryAfterMs: 60_000, scope: 'workspace' });
    limiter.clear();
    expect(limiter.take('apps.connections.open').ok).toBe(true);
  });

  test('a time scale must be positive', () => {
    expect(() => new RateLimiter(now, 0)).toThrow(/timeScale/);
  });
});
