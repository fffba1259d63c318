import { sql } from 'kysely';
import { withCallContext } from '../../../src/kernel/call-priority';
import { createDatabase } from '../../../src/kernel/db/connect';
import { PgRateBuckets } from '../../../src/kernel/db/rate-buckets.repository';
import { createUnitOfWork } from '../../../src/kernel/db/unit-of-work';
import { createLogger } from '../../../src/kernel/log';
import type { NoticeDeliveries } from '../../../src/kernel/outbox/deliveries';
import type { Notice } from '../../../src/kernel/outbox/notice';
import { SlackNoticeDelivery } from '../../../src/kernel/outbox/notifier';
import { deliverDue, MAX_STEP_ATTEMPTS, step } from '../../../src/kernel/outbox/outbox';
import { PgOutboxRepository } from '../../../src/kernel/outbox/outbox.repository';
import { together } from '../../../src/kernel/outbox/together';
import { isPaced, PacedError, PERSON_WAIT_MS, SlackPacer } from '../../../src/kernel/slack/pacer';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { TestClock } from '../../support/harness';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(() => testDb?.drop());

function pacer(team: string, clock = new TestClock(), timeScale = 1) {
  const counted: string[] = [];
  const p = new SlackPacer({
    buckets: new PgRateBuckets(testDb.db),
    team,
    timeScale,
    clock,
    count: (method, outcome) => counted.push(`${method} ${outcome}`),
    log: createLogger('silent'),
  });
  return { p, counted, clock };
}

const background = (priority: 0 | 1 | 2, work: () => Promise<unknown>) =>
  withCallContext({ priority, background: true }, work);
const refusal = (work: Promise<unknown>) =>
  work.then(
    () => undefined,
    (e: unknown) => e as { retryAfter: number },
  );

describe('SlackPacer', () => {
  test('a background call without a token is not made: it throws at once, saying when the token comes', async () => {
    const { p, counted } = pacer('TBG');
    for (let i = 0; i < 20; i++) await background(0, () => p.before('pins.add', {}));
    const started = Date.now();
    const e = await refusal(background(0, () => p.before('pins.add', {})));
    expect(Date.now() - started).toBeLessThan(PERSON_WAIT_MS);
    expect(isPaced(e)).toBe(true);
    // Tier 2 refills one token in 3 s (a little more: the pacer's margin under Slack's rate).
    expect(e!.retryAfter).toBeGreaterThanOrEqual(3);
    expect(e!.retryAfter).toBeLessThan(3.3);
    expect(counted).toEqual(['pins.add deferred']);
  });

  test('digests and nudges leave a fifth of each bucket, other notices a tenth, to what a person waits for', async () => {
    const { p } = pacer('TLOW');
    // Tier 2: 20 tokens; a low-priority call may not take the last 4, an ordinary one the last 2.
    for (let i = 0; i < 16; i++) await background(2, () => p.before('conversations.setTopic', {}));
    expect(isPaced(await refusal(background(2, () => p.before('conversations.setTopic', {}))))).toBe(true);
    for (let i = 0; i < 2; i++) await background(1, () => p.before('conversations.setTopic', {}));
    expect(isPaced(await refusal(background(1, () => p.before('conversations.setTopic', {}))))).toBe(true);
    for (let i = 0; i < 2; i++) await background(0, () => p.before('conversations.setTopic', {}));
    expect(isPaced(await refusal(background(0, () => p.before('conversations.setTopic', {}))))).toBe(true);
  });

  test("a person's call waits a moment for its token, and fails as a 429 would when it is further off", async () => {
    // 60 times Slack's speed: Tier 2 gives 20 at once, then one every 50 ms.
    const fast = pacer('TPERSON', { now: () => new Date() } as TestClock, 60);
    await Promise.all(Array.from({ length: 25 }, () => fast.p.before('conversations.create', {})));
    expect(fast.counted.length).toBeGreaterThan(0);
    expect(new Set(fast.counted)).toEqual(new Set(['conversations.create waited']));
    // At Slack's own speed the next is 3 s away: beyond a person's wait, so no wait at all.
    const slow = pacer('TPERSON2', { now: () => new Date() } as TestClock);
    for (let i = 0; i < 20; i++) await slow.p.before('conversations.create', {});
    const started = Date.now();
    const e = await refusal(slow.p.before('conversations.create', {}));
    expect(Date.now() - started).toBeLessThan(PERSON_WAIT_MS);
    expect(e).toMatchObject({ code: 'slack_webapi_rate_limited_error' });
    expect(slow.counted).toEqual(['conversations.create deferred']);
  });

  test('posts are paced per channel: one busy channel does not hold up another', async () => {
    const { p } = pacer('TCHAN');
    for (let i = 0; i < 60; i++) await background(0, () => p.before('chat.postMessage', { channel: 'C1' }));
    expect(isPaced(await refusal(background(0, () => p.before('chat.postMessage', { channel: 'C1' }))))).toBe(true);
    await background(0, () => p.before('chat.postMessage', { channel: 'C2' }));
  });
});

describe('outbox claim order', () => {
  test('what a person waits for is claimed before digests and nudges owed earlier', async () => {
    const outbox = new PgOutboxRepository(testDb.db);
    const at = new Date('2026-12-07T10:00:00Z');
    const incident = (id: number) => ({
      id,
      number: id,
      title: `Incident ${id}`,
      summary: '',
      severity: null,
      category: null,
      status: 'triage' as const,
      isPrivate: false,
      roles: { commander: null, comms: null, scribe: null },
      declaredBy: 'UALICE',
      declaredAt: at,
      channelId: `C${id}`,
      channelName: `inc-${id}`,
      headerTs: null,
      isDrill: false,
      drillPlan: null,
      updatedAt: at,
      resolvedAt: null,
      closedAt: null,
    });
    const digest: Notice = {
      type: 'reminder_fired',
      incident: incident(1),
      reminder: { id: 1, kind: 'stakeholder_digest', firedAt: at, escalate: false },
      dm: null,
      followup: null,
      subscribers: [],
      latestUpdate: null,
      nextUpdateDue: null,
      lastUpdateAt: null,
    };
    const note: Notice = {
      type: 'note_added',
      incident: incident(2),
      text: 'n',
      actor: 'UALICE',
      toStakeholders: false,
    };
    const pending: Notice = {
      type: 'declare_pending',
      incident: { id: 3, number: 3, title: 'Incident 3', isPrivate: false },
      channelName: 'inc-3',
      reply: { user: 'UALICE' },
    };
    for (const n of [digest, note, pending]) await outbox.enqueue(n, at);
    const claimed = [];
    for (let i = 0; i < 3; i++) claimed.push(...(await outbox.claim(at, 60_000, 1)));
    expect(claimed.map((c) => c.notice?.type)).toEqual(['declare_pending', 'note_added', 'reminder_fired']);
  });
});

describe('SlackPacer without its database', () => {
  test('a call is made unpaced when the shared buckets cannot be read, so an answer about the outage still goes', async () => {
    // Port 1 refuses at once: the pool's connection fails as it would with the database down.
    const down = createDatabase('postgres://postgres@127.0.0.1:1/none', { connectionTimeoutMs: 500, log: () => {} });
    try {
      const p = new SlackPacer({
        buckets: new PgRateBuckets(down.db),
        team: 'TDOWN',
        clock: new TestClock(),
        log: createLogger('silent'),
      });
      await expect(p.before('chat.postEphemeral', { channel: 'C1', user: 'U1' })).resolves.toBeUndefined();
      await expect(background(2, () => p.before('chat.postMessage', { channel: 'C1' }))).resolves.toBeUndefined();
    } finally {
      await down.close();
    }
  });
});

describe('a set-up group held back by our own budget', () => {
  test('is not dead-lettered however often it waits for a token: a paced wait is no failed attempt', async () => {
    const clock = new TestClock();
    const uow = createUnitOfWork(testDb.db);
    const posted: string[] = [];
    const steps = () => [
      together('set up', [
        step('post header', async () => void posted.push('header')),
        step('invite', async () => {
          throw new PacedError('conversations.invite', 1000);
        }),
      ]),
    ];
    const delivery = new SlackNoticeDelivery({ drill_due: steps } as unknown as NoticeDeliveries);
    const deps = { uow, delivery, clock, log: createLogger('silent') };
    await uow.outbox.enqueue(
      { type: 'drill_due', plan: { id: 'paced', title: 'Paced' }, owners: [], lastDrillAt: null, due: clock.now() },
      clock.now(),
    );
    for (let i = 0; i < MAX_STEP_ATTEMPTS + 5; i++) {
      expect(await deliverDue(deps)).toBe(1);
      clock.advance(1000);
    }
    const row = await testDb.db
      .selectFrom('outbox')
      .select(['status', 'attempts'])
      .where(sql<string>`notice->'plan'->>'id'`, '=', 'paced')
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
    expect(row.attempts).toBeLessThanOrEqual(1);
  }, 60_000);

  test('retried after a paced wait, a member that posted is resumed, so it looks for its post before posting again', async () => {
    const clock = new TestClock();
    const uow = createUnitOfWork(testDb.db);
    const resumed: boolean[] = [];
    const steps = () => [
      together('set up', [
        step('post header', async (ctx) => void resumed.push(ctx.resumed)),
        step('invite', async () => {
          throw new PacedError('conversations.invite', 1000);
        }),
      ]),
    ];
    const delivery = new SlackNoticeDelivery({ drill_due: steps } as unknown as NoticeDeliveries);
    const deps = { uow, delivery, clock, log: createLogger('silent') };
    await uow.outbox.enqueue(
      { type: 'drill_due', plan: { id: 'resumed', title: 'Resumed' }, owners: [], lastDrillAt: null, due: clock.now() },
      clock.now(),
    );
    for (let i = 0; i < 3; i++) {
      expect(await deliverDue(deps)).toBe(1);
      clock.advance(1000);
    }
    expect(resumed).toEqual([false, true, true]);
  });
});
