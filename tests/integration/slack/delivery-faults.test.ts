import { sql } from 'kysely';
import { PgOutboxRepository } from '../../../src/kernel/outbox/outbox.repository';
import { declare, type Harness, HUNG_CALL_TIMEOUT_MS, run, startHarness, startReplica } from '../../support/harness';
import { pendingNotices } from '../../support/outbox';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ notifyTimeoutMs: HUNG_CALL_TIMEOUT_MS });
});
afterAll(() => h?.stop());

const ws = () => h.emulator.workspace;
const changeMessages = (channel: string, text: string) =>
  ws()
    .messagesIn(channel)
    .filter((m) => m.text.includes(text));
const pending = () => pendingNotices(h.db);

describe('durable delivery through the outbox', () => {
  test('429 with Retry-After on chat.postMessage: the change is committed at once, the message arrives once after Slack recovers', async () => {
    const row = await declare(h, 'UALICE', { title: 'Rate limited', severity: 'SEV3', commander: 'UALICE' });
    h.emulator.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const historyBefore = ws().callsTo('conversations.history').length;
    const started = Date.now();
    const { replies } = await run(h, 'UALICE', row.channel_id, 'status investigating');
    expect(replies).toEqual([]);
    expect(
      (await h.db.selectFrom('incidents').select('status').where('id', '=', row.id).executeTakeFirstOrThrow()).status,
    ).toBe('investigating');
    await h.emulator.waitFor(() => changeMessages(row.channel_id, 'to *Investigating*').length > 0, 10_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    await h.bot.idle();
    expect(changeMessages(row.channel_id, 'to *Investigating*')).toHaveLength(1);
    const errors = (await h.db.selectFrom('outbox').select('errors').orderBy('id', 'desc').executeTakeFirstOrThrow())
      .errors;
    expect(JSON.stringify(errors)).toContain('ratelimited');
    // A 429 is refused unprocessed: the retry posts straight away, without spending a history call to check.
    expect(ws().callsTo('conversations.history').length).toBe(historyBefore);
  });

  test.each(['chat.postMessage', 'conversations.setTopic', 'chat.update', 'conversations.invite'])(
    'HTTP 500 on %s: everything owed arrives exactly once after Slack recovers',
    async (method) => {
      const row = await declare(h, 'UALICE', {
        title: `Five hundred ${method}`,
        severity: 'SEV3',
        commander: 'UALICE',
      });
      const callsBefore = ws().calls.length;
      h.emulator.failNext(method, { status: 500 }, 2);
      // Making someone commander exercises each of these: invite, post, topic, header, DM.
      await run(h, 'UALICE', row.channel_id, 'role commander <@UCAROL>');
      await h.emulator.waitFor(
        () =>
          ws().channels.get(row.channel_id)!.members.includes('UCAROL') &&
          changeMessages(row.channel_id, 'the *commander*').length > 0,
        15_000,
      );
      await h.emulator.waitFor(
        () =>
          ws()
            .dmsTo('UCAROL')
            .some((m) => m.text.includes(`Five hundred ${method}`)),
        15_000,
      );
      await h.bot.idle();
      expect(changeMessages(row.channel_id, 'the *commander*')).toHaveLength(1);
      expect(
        ws()
          .dmsTo('UCAROL')
          .filter((m) => m.text.includes(`Five hundred ${method}`)),
      ).toHaveLength(1);
      expect(
        (await h.db.selectFrom('incidents').select('commander_id').where('id', '=', row.id).executeTakeFirstOrThrow())
          .commander_id,
      ).toBe('UCAROL');
      expect(ws().channels.get(row.channel_id)!.topic).toContain('<@UCAROL>');
      expect(JSON.stringify(ws().findMessage(row.channel_id, ws().messagesIn(row.channel_id)[0].ts)!.blocks)).toContain(
        '<@UCAROL>',
      );
      // Every injected failure was really hit.
      expect(
        ws()
          .calls.slice(callsBefore)
          .filter((c) => c.method === method && c.fault).length,
      ).toBe(2);
    },
    30_000,
  );

  test('a hung chat.postMessage times out and is retried without posting twice', async () => {
    const row = await declare(h, 'UALICE', { title: 'Hung Slack', severity: 'SEV3', commander: 'UALICE' });
    // Slack hangs until the client gives up, then still acts on the call, like a slow Slack: the answer is lost.
    h.emulator.failNext('chat.postMessage', { hangMs: 5_100 });
    const historyBefore = ws().callsTo('conversations.history').length;
    await run(h, 'UALICE', row.channel_id, 'severity 2');
    await h.emulator.waitFor(() => changeMessages(row.channel_id, 'to *SEV2*').length > 0, 20_000);
    // The retry falls due later (so idle() alone does not wait for it): done once the outbox owes nothing.
    await h.emulator.waitFor(async () => (await pending()) === 0, 20_000);
    await h.bot.idle();
    expect(changeMessages(row.channel_id, 'to *SEV2*')).toHaveLength(1);
    // The timed-out post's outcome was unknown: the retry looked before posting again.
    expect(ws().callsTo('conversations.history').length).toBeGreaterThan(historyBefore);
  }, 40_000);

  test('a permanent error is recorded and the remaining steps still run', async () => {
    const row = await declare(h, 'UALICE', { title: 'Gone channel', severity: 'SEV3', commander: 'UALICE' });
    h.emulator.failNext('conversations.setTopic', { error: 'channel_not_found' });
    await run(h, 'UALICE', row.channel_id, 'severity 1');
    expect(changeMessages(row.channel_id, 'to *SEV1*')).toHaveLength(1);
    expect(
      ws()
        .messagesIn('CINCIDENTS')
        .some((m) => m.text.includes('is now *SEV1*')),
    ).toBe(true);
    const last = await h.db.selectFrom('outbox').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(last.status).toBe('done');
    expect(JSON.stringify(last.errors)).toContain('set topic: channel_not_found');
  });

  test('notices claimed by a replica that died are delivered by another, once', async () => {
    const row = await declare(h, 'UALICE', { title: 'Dead replica', severity: 'SEV3', commander: 'UALICE' });
    // Slack is down while the change commits, so the notice stays in the outbox…
    h.emulator.failNext('chat.postMessage', { status: 503 }, 1);
    await run(h, 'UALICE', row.channel_id, 'status investigating');
    // …and a replica that is about to die claims it (still in its backoff, so claimed as of
    // an hour from now) and never finishes. Making it due first and then claiming raced
    // the running bot's own 500 ms poll, which could take it in between.
    const dead = await new PgOutboxRepository(h.db).claim(new Date(Date.now() + 3_600_000), 60_000, 100);
    expect(dead.length).toBeGreaterThan(0);
    await h.bot.idle();
    expect(changeMessages(row.channel_id, 'to *Investigating*')).toHaveLength(0);
    // Its lease runs out; a second replica picks the work up.
    await sql`update outbox set due_at = now() where status = 'pending'`.execute(h.db);
    const second = await startReplica(h);
    try {
      await second.idle();
      await h.bot.idle();
      expect(changeMessages(row.channel_id, 'to *Investigating*')).toHaveLength(1);
      expect(await pending()).toBe(0);
    } finally {
      await second.stop();
    }
  });
});
