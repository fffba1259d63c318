import { PgOutboxRepository } from '../../../src/kernel/outbox/outbox.repository';
import { declare, type Harness, HUNG_CALL_TIMEOUT_MS, run, startHarness, TestClock } from '../../support/harness';

// Retries fall due only when the test moves this clock: the channel can fill up in between.
const clock = new TestClock();
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ clock, notifyTimeoutMs: HUNG_CALL_TIMEOUT_MS });
});
afterAll(() => h?.stop());

describe('a retry unsure whether its post landed', () => {
  test('finds it under more than a page of later messages, from the attempt start on, and does not post again', async () => {
    const ws = h.emulator.workspace;
    const row = await declare(h, 'UALICE', { title: 'Busy channel', severity: 'SEV3', commander: 'UALICE' });
    const posted = () => ws.messagesIn(row.channel_id).filter((m) => m.text.includes('to *SEV2*'));
    // Slack posts the change but answers after the client gave up: the outbox cannot know it landed.
    h.emulator.failNext('chat.postMessage', { hangMs: 5_100 });
    await run(h, 'UALICE', row.channel_id, 'severity 2');
    await h.emulator.waitFor(() => posted().length === 1, 10_000);
    const lost = posted()[0];
    // The responders keep talking: the lost post is buried under more than one page of history.
    for (let i = 0; i < 450; i++) ws.addMessage({ channel: row.channel_id, user: 'UBOB', text: `still digging ${i}` });

    const historyBefore = ws.callsTo('conversations.history').length;
    clock.advance(60_000);
    h.bot.outbox.wake();
    await h.bot.idle();

    expect(posted()).toHaveLength(1);
    const lookups = ws.callsTo('conversations.history').slice(historyBefore);
    expect(lookups.length).toBeGreaterThan(1);
    expect(lookups.slice(1).every((c) => typeof c.args.cursor === 'string' && c.args.cursor !== '')).toBe(true);
    // It searched from when the attempt began (less a few minutes for clock skew), not the whole channel.
    const oldest = Number(lookups[0].args.oldest);
    expect(oldest).toBeLessThan(Number(lost.ts));
    expect(oldest).toBeGreaterThan(Number(lost.ts) - 15 * 60);
    const notice = await h.db
      .selectFrom('outbox')
      .select(['status', 'errors'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(notice.status).toBe('done');
    expect(JSON.stringify(notice.errors)).toContain('post change');
  }, 40_000);

  test('a look-up Slack rate limits leaves the retry unsure: the next try looks again rather than posting blind', async () => {
    const ws = h.emulator.workspace;
    const row = await declare(h, 'UALICE', { title: 'Rate limited look-up', severity: 'SEV3', commander: 'UALICE' });
    const posted = () => ws.messagesIn(row.channel_id).filter((m) => m.text.includes('to *SEV2*'));
    h.emulator.failNext('chat.postMessage', { hangMs: 5_100 });
    await run(h, 'UALICE', row.channel_id, 'severity 2');
    await h.emulator.waitFor(() => posted().length === 1, 10_000);

    // The retry's look-up is refused with a 429 before Slack reads anything: a clean refusal, yet the
    // post it was looking for may still be there.
    h.emulator.failNext('conversations.history', { status: 429, retryAfter: 1 });
    const historyBefore = ws.callsTo('conversations.history').length;
    clock.advance(60_000);
    h.bot.outbox.wake();
    await h.bot.idle();
    expect(ws.callsTo('conversations.history').length).toBe(historyBefore + 1);

    clock.advance(60_000);
    h.bot.outbox.wake();
    await h.bot.idle();
    expect(ws.callsTo('conversations.history').length).toBeGreaterThan(historyBefore + 1);
    expect(posted()).toHaveLength(1);
  }, 40_000);

  test('a notice already tried before its step start was recorded looks back to when it was written', async () => {
    const row = await declare(h, 'UALICE', {
      title: 'Tried before the upgrade',
      severity: 'SEV3',
      commander: 'UALICE',
    });
    const written = new Date(Date.now() - 3_600_000);
    const far = new Date(Date.now() + 30 * 24 * 3_600_000);
    // A row an older build claimed once (attempts 1, no step_since); due far ahead, so the running bot leaves it alone.
    const { id } = await h.db
      .insertInto('outbox')
      .values({
        lane: `incident:${row.id}`,
        notice: JSON.stringify({ type: 'step_ticked', incident: { id: row.id } }),
        due_at: far,
        created_at: written,
        attempts: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const [claimed] = await new PgOutboxRepository(h.db).claim(far, 60_000, 1);
    expect(claimed).toMatchObject({ id: Number(id), since: written });
    await h.db.deleteFrom('outbox').where('id', '=', id).execute();
  });
});
