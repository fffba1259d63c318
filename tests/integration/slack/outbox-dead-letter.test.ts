import { createLogger } from '../../../src/kernel/log';
import { MAX_STEP_ATTEMPTS } from '../../../src/kernel/outbox/outbox';
import { declare, type Harness, run, startHarness, TestClock } from '../../support/harness';

// Retries fall due only when the test moves this clock, so a day of backoff runs in seconds.
const clock = new TestClock();
const lines: Record<string, unknown>[] = [];
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ clock, log: createLogger('warn', (line) => lines.push(JSON.parse(line))) });
});
afterAll(() => h?.stop());

const ws = () => h.emulator.workspace;
const said = (channel: string, text: string) =>
  ws()
    .messagesIn(channel)
    .filter((m) => m.text.includes(text));
const deadLogs = () => lines.filter((l) => String(l.msg).includes('dead-lettered'));
async function deadGauge(): Promise<number> {
  const line = (await h.bot.metrics.render()).split('\n').find((l) => l.startsWith('outbox_dead_notices '));
  return Number(line?.split(' ')[1]);
}
async function deadRows(): Promise<number> {
  const r = await h.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', '=', 'dead')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('an outbox row that cannot be read', () => {
  test.each([
    ['bad JSON', JSON.stringify('{"type":"changed", "incident": {')],
    ['an unknown kind', JSON.stringify({ type: 'mystery_kind', incident: { id: 1, number: 1 } })],
    ['a missing part', JSON.stringify({ type: 'changed', incident: { id: 1, number: 1 } })],
  ])(
    "holding %s is dead-lettered at once, logged, counted, and its incident's next notice still goes out",
    async (_, stored) => {
      const row = await declare(h, 'UALICE', {
        title: `Unreadable ${lines.length}`,
        severity: 'SEV3',
        commander: 'UALICE',
      });
      const deadBefore = await deadRows();
      const logsBefore = deadLogs().length;
      // Ahead of the incident's next notice in its lane, as a row an older or newer build wrote could be.
      const bad = await h.db
        .insertInto('outbox')
        .values({ lane: `incident:${row.id}`, notice: stored, due_at: clock.now(), created_at: clock.now() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await run(h, 'UALICE', row.channel_id, 'severity 1');

      expect(said(row.channel_id, 'to *SEV1*')).toHaveLength(1);
      const stuck = await h.db
        .selectFrom('outbox')
        .select(['status', 'errors'])
        .where('id', '=', bad.id)
        .executeTakeFirstOrThrow();
      expect(stuck.status).toBe('dead');
      expect(JSON.stringify(stuck.errors)).toContain('undecodable');
      expect(await deadRows()).toBe(deadBefore + 1);
      expect(await deadGauge()).toBe(deadBefore + 1);
      expect(deadLogs().slice(logsBefore)).toEqual([
        expect.objectContaining({
          level: 'error',
          notice: Number(bad.id),
          incidentId: Number(row.id),
          lane: `incident:${row.id}`,
        }),
      ]);
    },
  );
});

describe('a step that keeps failing', () => {
  test("is retried for about a day, then dead-lettered (logged with its incident, counted) and no longer holds up the incident's later notices", async () => {
    const row = await declare(h, 'UALICE', { title: 'Never recovers', severity: 'SEV3', commander: 'UALICE' });
    const deadBefore = await deadRows();
    const logsBefore = deadLogs().length;
    // Every try of the change's post fails as a Slack outage would, for as long as the bound allows.
    h.emulator.failNext('chat.postMessage', { status: 500 }, MAX_STEP_ATTEMPTS);
    const callsBefore = ws().callsTo('chat.postMessage').length;
    await run(h, 'UALICE', row.channel_id, 'severity 2');
    const first = await h.db.selectFrom('outbox').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
    // A later notice of the same incident waits behind it, in order. (bot.idle() does not wait for it:
    // it is due, but no pass can claim it while the first backs off, and only this clock ends that.)
    expect(
      (await h.emulator.command({ user: 'UALICE', channel: row.channel_id, text: 'status investigating' })).status,
    ).toBe(200);
    await h.emulator.waitFor(
      async () => (await h.db.selectFrom('outbox').select('id').where('id', '>', first.id).execute()).length === 1,
    );
    await h.bot.outbox.idle(300);
    expect(said(row.channel_id, 'to *Investigating*')).toHaveLength(0);

    const attempt = () =>
      h.db
        .selectFrom('outbox')
        .select(['status', 'due_at', 'attempts', 'claim_token'])
        .where('id', '=', first.id)
        .executeTakeFirstOrThrow();
    const started = clock.now().getTime();
    for (let r = await attempt(); r.status === 'pending'; ) {
      expect(said(row.channel_id, 'to *Investigating*')).toHaveLength(0);
      // Time passes to exactly when the retry falls due; the try ends in another retry or the dead letter.
      clock.advance(Math.max(0, r.due_at.getTime() - clock.now().getTime()));
      h.bot.outbox.wake();
      const before = r.attempts;
      r = await h.emulator.waitFor(async () => {
        const now = await attempt();
        return (now.status !== 'pending' || (now.attempts > before && now.claim_token === null)) && now;
      }, 10_000);
    }
    const hours = (clock.now().getTime() - started) / 3_600_000;
    await h.emulator.waitFor(() => said(row.channel_id, 'to *Investigating*').length > 0, 10_000);
    await h.bot.idle();

    const dead = await h.db
      .selectFrom('outbox')
      .select(['status', 'attempts', 'errors'])
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    expect(dead.status).toBe('dead');
    expect(dead.attempts).toBe(MAX_STEP_ATTEMPTS);
    expect(hours).toBeGreaterThan(23);
    expect(hours).toBeLessThan(25);
    expect(
      ws()
        .callsTo('chat.postMessage')
        .slice(callsBefore)
        .filter((c) => c.fault),
    ).toHaveLength(MAX_STEP_ATTEMPTS);
    expect(JSON.stringify(dead.errors)).toContain(`gave up after ${MAX_STEP_ATTEMPTS} attempts`);
    // The later notice went out once Slack answered again; the dead one never did.
    expect(said(row.channel_id, 'to *Investigating*')).toHaveLength(1);
    expect(said(row.channel_id, 'to *SEV2*')).toHaveLength(0);
    expect(await deadGauge()).toBe(deadBefore + 1);
    expect(deadLogs().slice(logsBefore)).toEqual([
      expect.objectContaining({
        level: 'error',
        notice: Number(first.id),
        incidentId: Number(row.id),
        incident: row.number,
        step: 'post change',
        code: 'http_500',
      }),
    ]);
  }, 120_000);
});
