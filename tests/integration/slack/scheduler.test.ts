import { sql } from 'kysely';
import { PgReminderRepository } from '../../../src/features/updates/reminder.repository';
import { POST_UPDATE_BUTTON, SNOOZE_BUTTON, UPDATE_FIELDS as U } from '../../../src/features/updates/updates.ids';
import { declare, type Harness, run, startHarness, startReplica, TestClock } from '../../support/harness';
import {
  investigatingSev1,
  MIN,
  reminderNotice as noticeOf,
  nudgesIn as nudges,
  nudgesPosted as posted,
  reminderRow,
  tick as tickOf,
} from '../../support/nudges';

const clock = new TestClock();
let h: Harness;
beforeAll(async () => {
  // SEV1: update every 30m, digest every 1h (defaults); announcements go to #incidents.
  h = await startHarness({ clock });
});
afterAll(() => h?.stop());

/**
 * failNext fails the next post whichever incident it is for, and on the shared harness another test's open incident
 * may be nudged at the same tick: a test that injects a fault into a nudge runs on a Slack, bot and clock of its own.
 */
async function onOwnHarness(body: (own: Harness, ownClock: TestClock) => Promise<void>) {
  const ownClock = new TestClock();
  const own = await startHarness({ clock: ownClock });
  try {
    await body(own, ownClock);
  } finally {
    await own.stop();
  }
}

const ws = () => h.emulator.workspace;
const nudgesIn = (channel: string) => nudges(h, channel);
const nudgesPosted = (channel: string) => posted(h, channel);
const tick = (bot = h.bot) => tickOf(h, bot);
const reminder = (incidentId: number, kind: string) => reminderRow(h, incidentId, kind);
const sev1 = (title: string, extra: Parameters<typeof declare>[2] = {}) => investigatingSev1(h, title, extra);

describe('update nudges', () => {
  test('fire once per interval, escalate after two ignored, reset on an update, stop on resolve', async () => {
    const row = await sev1('Nudge me');
    const ch = row.channel_id;
    clock.advance(29 * MIN);
    await tick();
    expect(nudgesPosted(ch)).toBe(0);

    clock.advance(2 * MIN);
    await tick();
    await tick(); // same moment again: nothing more
    expect(nudgesPosted(ch)).toBe(1);
    const nudge = nudgesIn(ch)[0];
    expect(nudge.text).toContain('<@UALICE>');
    expect(JSON.stringify(nudge.blocks)).toContain(POST_UPDATE_BUTTON);
    expect(JSON.stringify(nudge.blocks)).toContain(SNOOZE_BUTTON);

    clock.advance(30 * MIN);
    await tick();
    expect(nudgesPosted(ch)).toBe(2);
    expect(
      ws()
        .dmsTo('UALICE')
        .some((m) => m.text.includes(`*INC-${row.number}* (Nudge me) has had no update through several reminders`)),
    ).toBe(false);
    clock.advance(30 * MIN);
    await tick();
    expect(nudgesPosted(ch)).toBe(3);
    expect(
      ws()
        .dmsTo('UALICE')
        .some((m) => m.text.includes(`*INC-${row.number}* (Nudge me) has had no update through several reminders`)),
    ).toBe(true);

    // "Post update" opens the update modal; posting resets the clock.
    await h.emulator.clickButton({
      user: 'UALICE',
      channel: ch,
      messageTs: nudgesIn(ch)[0].ts,
      actionId: POST_UPDATE_BUTTON,
    });
    await h.bot.idle();
    const view = ws()
      .openViews('UALICE')
      .find((v) => v.view.callback_id === 'firebreak_update')!;
    const res = await h.emulator.submitView({
      user: 'UALICE',
      viewId: view.id,
      values: { [U.text.action]: 'Found the bad query, rolling back' },
    });
    expect(res.body).toBe('');
    await h.bot.idle();
    expect(ws().messagesIn(ch).at(-1)!.text).toContain('Found the bad query, rolling back');
    expect(ws().messagesIn('CINCIDENTS').at(-1)!.text).toContain('Found the bad query, rolling back');
    clock.advance(29 * MIN);
    await tick();
    expect(nudgesPosted(ch)).toBe(3);
    clock.advance(2 * MIN);
    await tick();
    expect(nudgesPosted(ch)).toBe(4);

    await run(h, 'UALICE', ch, 'resolve');
    clock.advance(5 * 60 * MIN);
    await tick();
    expect(nudgesPosted(ch)).toBe(4);
    expect((await reminder(row.id, 'update_nudge')).active).toBe(false);
  });

  test('after hours of downtime a due nudge fires once, not once per missed tick', async () => {
    const row = await sev1('Long downtime');
    clock.advance(10 * 60 * MIN);
    for (let i = 0; i < 5; i++) await tick();
    expect(nudgesPosted(row.channel_id)).toBe(1);
    await run(h, 'UALICE', row.channel_id, 'resolve');
  });

  test('a 429 makes a nudge retry later without a history check: nothing of it was posted', () =>
    onOwnHarness(async (own, ownClock) => {
      const row = await investigatingSev1(own, 'Rate limited nudge');
      ownClock.advance(31 * MIN);
      own.emulator.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
      await tickOf(own);
      expect(posted(own, row.channel_id)).toBe(0);
      // The outbox holds the fired nudge and says why it waits.
      const waiting = await noticeOf(own, row.id, 'update_nudge');
      expect(waiting.status).toBe('pending');
      expect(JSON.stringify(waiting.errors)).toContain('ratelimited');
      const historyBefore = own.emulator.workspace.callsTo('conversations.history').length;
      ownClock.advance(1 * MIN);
      await tickOf(own);
      expect(posted(own, row.channel_id)).toBe(1);
      expect(own.emulator.workspace.callsTo('conversations.history').length).toBe(historyBefore);
      await run(own, 'UALICE', row.channel_id, 'resolve');
    }));

  test('snooze holds the nudge for 30 minutes', async () => {
    const row = await sev1('Snooze me');
    clock.advance(31 * MIN);
    await tick();
    expect(nudgesPosted(row.channel_id)).toBe(1);
    await h.emulator.clickButton({
      user: 'UALICE',
      channel: row.channel_id,
      messageTs: nudgesIn(row.channel_id)[0].ts,
      actionId: SNOOZE_BUTTON,
    });
    await h.bot.idle();
    expect(ws().messagesIn(row.channel_id).at(-1)!.text).toContain('snoozed the update reminder');
    clock.advance(29 * MIN);
    await tick();
    expect(nudgesPosted(row.channel_id)).toBe(1);
    clock.advance(2 * MIN);
    await tick();
    expect(nudgesPosted(row.channel_id)).toBe(2);
    await run(h, 'UALICE', row.channel_id, 'resolve');
  });

  test('Slack failing makes a nudge retry later, not vanish; an archived channel ends the schedule', () =>
    onOwnHarness(async (own, ownClock) => {
      const ownWs = () => own.emulator.workspace;
      const row = await investigatingSev1(own, 'Flaky Slack');
      ownClock.advance(31 * MIN);
      own.emulator.failNext('chat.postMessage', { status: 500 });
      await tickOf(own);
      expect(posted(own, row.channel_id)).toBe(0);
      const pending = await reminderRow(own, row.id, 'update_nudge');
      expect(pending.active).toBe(true);
      const waiting = await noticeOf(own, row.id, 'update_nudge');
      expect(waiting.status).toBe('pending');
      expect(JSON.stringify(waiting.errors)).toContain('http_500');
      const historyBefore = ownWs().callsTo('conversations.history').length;
      ownClock.advance(1 * MIN);
      await tickOf(own);
      expect(posted(own, row.channel_id)).toBe(1);
      // A 5xx leaves unknown whether Slack posted: the retry looked first.
      expect(ownWs().callsTo('conversations.history').length).toBeGreaterThan(historyBefore);

      ownWs().channels.get(row.channel_id)!.isArchived = true;
      ownClock.advance(31 * MIN);
      await tickOf(own);
      expect((await reminderRow(own, row.id, 'update_nudge')).active).toBe(false);
      const postedBefore = posted(own, row.channel_id);
      ownClock.advance(60 * MIN);
      await tickOf(own);
      expect(posted(own, row.channel_id)).toBe(postedBefore);
    }));
});

describe('stakeholder digests, subscriptions and other nudges', () => {
  test('digest to the stakeholder channel and subscribers; a private incident only to subscribers', async () => {
    const pub = await sev1('Public digest');
    const priv = await sev1('Private digest', { private: true });
    await run(h, 'UBOB', pub.channel_id, 'invite <@UBOB>').catch(() => undefined);
    await run(h, 'UALICE', pub.channel_id, 'invite <@UBOB>');
    await run(h, 'UALICE', priv.channel_id, 'invite <@UCAROL>');
    expect((await run(h, 'UBOB', pub.channel_id, 'subscribe')).replies.join()).toContain('by DM');
    await run(h, 'UCAROL', priv.channel_id, 'subscribe');
    clock.advance(61 * MIN);
    await tick();
    const digests = ws()
      .messagesIn('CINCIDENTS')
      .filter((m) => m.text.startsWith(':newspaper:'));
    expect(digests.some((m) => m.text.includes('Public digest'))).toBe(true);
    expect(digests.some((m) => m.text.includes('Private digest'))).toBe(false);
    expect(
      ws()
        .dmsTo('UBOB')
        .some((m) => m.text.includes('Public digest')),
    ).toBe(true);
    expect(
      ws()
        .dmsTo('UCAROL')
        .some((m) => m.text.includes('Private digest')),
    ).toBe(true);
    const digest = digests.find((m) => m.text.includes('Public digest'))!;
    for (const part of ['Investigating', 'SEV1', '<@UALICE>', 'running for 1h 1m']) expect(digest.text).toContain(part);

    await run(h, 'UBOB', pub.channel_id, 'unsubscribe');
    // This incident's DMs only: other tests' incidents may nudge Bob at the same tick.
    const aboutIt = () =>
      ws()
        .dmsTo('UBOB')
        .filter((m) => m.text.includes('Public digest'));
    const before = aboutIt().length;
    clock.advance(61 * MIN);
    await tick();
    expect(aboutIt().length).toBe(before);
    await run(h, 'UALICE', pub.channel_id, 'resolve');
    await run(h, 'UALICE', priv.channel_id, 'resolve');
  });

  test('no commander: the channel is told; a commander who leaves starts it too', async () => {
    const row = await declare(h, 'UDAVE', { title: 'Leaderless', severity: 'SEV2', commander: null });
    clock.advance(11 * MIN);
    await tick();
    expect(
      ws()
        .messagesIn(row.channel_id)
        .some((m) => m.text.includes('has no commander')),
    ).toBe(true);

    const led = await declare(h, 'UDAVE', { title: 'Commander leaves', severity: 'SEV2', commander: 'UBOB' });
    await h.emulator.leaveChannel({ user: 'UBOB', channel: led.channel_id });
    await h.bot.idle();
    clock.advance(11 * MIN);
    await tick();
    expect(
      ws()
        .messagesIn(led.channel_id)
        .some((m) => m.text.includes('has no commander')),
    ).toBe(true);
  });

  test('review nudge by DM after reviewReminderAfter; follow-up nudge to its owner once a day', async () => {
    const row = await sev1('Needs a review');
    await run(h, 'UALICE', row.channel_id, 'followup Patch the parser <@UCAROL> due 2026-11-20');
    await run(h, 'UALICE', row.channel_id, 'resolve');
    clock.advance(2 * 24 * 60 * MIN + MIN);
    await tick();
    expect(
      ws()
        .dmsTo('UALICE')
        .some((m) => m.text.includes('needs a post-incident review')),
    ).toBe(true);
    const carol = () =>
      ws()
        .dmsTo('UCAROL')
        .filter((m) => m.text.startsWith(':alarm_clock:') && m.text.includes('Patch the parser'));
    expect(carol()).toHaveLength(1);
    await tick();
    expect(carol()).toHaveLength(1);
    clock.advance(24 * 60 * MIN);
    await tick();
    expect(carol()).toHaveLength(2);
  });
});

describe('exactly once across replicas and crashes', () => {
  test('two replicas ticking together over many ticks post each nudge once', async () => {
    const second = await startReplica(h, { clock });
    try {
      const rows = [];
      for (let i = 0; i < 5; i++) rows.push(await sev1(`Replica ${i}`));
      for (let round = 0; round < 6; round++) {
        clock.advance(10 * MIN);
        await Promise.all([tick(h.bot), tick(second), tick(h.bot), tick(second)]);
      }
      // 60 minutes of SEV1: nudges at 30m and 60m, one each, whoever ticked.
      for (const row of rows) expect(nudgesPosted(row.channel_id)).toBe(2);
      for (const row of rows) await run(h, 'UALICE', row.channel_id, 'resolve');
    } finally {
      await second.stop();
    }
  });

  test('a batch another replica holds is skipped, and due again the moment that replica dies', async () => {
    const row = await sev1('Killed replica');
    clock.advance(31 * MIN);
    // The other replica claimed it and died before committing: its transaction holds the row until it ends.
    await expect(
      h.db.transaction().execute(async (tx) => {
        const claimed = await new PgReminderRepository(tx).claimDue(clock.now(), 100);
        expect(claimed.map((c) => c.incidentId)).toContain(Number(row.id));
        await tick();
        expect(nudgesPosted(row.channel_id)).toBe(0);
        throw new Error('replica died');
      }),
    ).rejects.toThrow('replica died');
    await tick();
    expect(nudgesPosted(row.channel_id)).toBe(1);
    await run(h, 'UALICE', row.channel_id, 'resolve');
  });

  test('a crash between claiming a reminder and writing its notice leaves it due, neither lost nor doubled', async () => {
    const row = await sev1('Crash before the notice');
    clock.advance(31 * MIN);
    const before = await reminder(row.id, 'update_nudge');
    // Writing the nudge's notice fails once, as if the process died inside the firing's transaction.
    await sql`create or replace function fb_fail_notice() returns trigger language plpgsql as $$
      begin if new.lane = ${sql.lit(`incident:${row.id}`)} and new.notice->>'type' = 'reminder_fired' then raise exception 'crash'; end if; return new; end $$`.execute(
      h.db,
    );
    await sql`create trigger fb_fail_notice before insert on outbox for each row execute function fb_fail_notice()`.execute(
      h.db,
    );
    try {
      await expect(h.bot.scheduler.tick()).rejects.toThrow();
    } finally {
      await sql`drop trigger fb_fail_notice on outbox`.execute(h.db);
    }
    await h.bot.idle();
    expect(nudgesPosted(row.channel_id)).toBe(0);
    const after = await reminder(row.id, 'update_nudge');
    expect(after).toMatchObject({ active: true, total_fired: 0, fired_count: 0 });
    expect(after.due_at).toEqual(before.due_at);
    await tick();
    await tick();
    expect(nudgesPosted(row.channel_id)).toBe(1);
    expect((await reminder(row.id, 'update_nudge')).total_fired).toBe(1);
    await run(h, 'UALICE', row.channel_id, 'resolve');
  });

  test('a tick with nothing due reads only the due index', async () => {
    // A test's table is a few pages, which PostgreSQL rightly reads whole; whether it chose
    // the index used to hang on how many dead rows the file's ticks left. What can regress is
    // whether the claim can be served by the partial due index at all, so the plan is asked
    // for as a large table would get it.
    const plan = await h.db.transaction().execute(async (tx) => {
      await sql`set local enable_seqscan = off`.execute(tx);
      return sql<{
        'QUERY PLAN': string;
      }>`explain select id from reminders where active and due_at <= now() order by due_at limit 200 for update skip locked`.execute(
        tx,
      );
    });
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toMatch(/Index Scan (using|on) reminders_due_idx/);
    expect(text).not.toContain('Seq Scan');
  });
});

describe('the update modal', () => {
  test('a status or severity change in it follows the same rules as the commands', async () => {
    const row = await declare(h, 'UALICE', { title: 'Modal rules', commander: 'UALICE' });
    await run(h, 'UALICE', row.channel_id, 'update Looking into it');
    const view = ws()
      .openViews('UALICE')
      .find((v) => v.view.callback_id === 'firebreak_update')!;
    const labels = (view.view.blocks ?? []).map((b) => b.label?.text);
    expect(labels).toEqual(['Status', 'Severity', 'What changed / what we know', 'Next update in']);
    expect(view.view.blocks?.[2].element?.initial_value).toBe('Looking into it');

    // Leaving triage without a severity is refused on the Status field; nothing is posted.
    const before = ws().messagesIn(row.channel_id).length;
    const refused = await h.emulator.submitView({
      user: 'UALICE',
      viewId: view.id,
      values: { [U.status.action]: 'investigating' },
    });
    expect(refused.body).toEqual({
      response_action: 'errors',
      errors: { [U.status.block]: expect.stringContaining('Set a severity') },
    });
    expect(ws().messagesIn(row.channel_id)).toHaveLength(before);

    const res = await h.emulator.submitView({
      user: 'UALICE',
      viewId: view.id,
      values: { [U.status.action]: 'investigating', [U.severity.action]: 'SEV2' },
    });
    expect(res.body).toBe('');
    await h.bot.idle();
    const after = await h.db.selectFrom('incidents').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ status: 'investigating', severity: 'SEV2' });
    expect(after.last_update_at).toEqual(clock.now());
    const events = await h.db
      .selectFrom('incident_events')
      .select('kind')
      .where('incident_id', '=', row.id)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.kind)).toEqual(['declared', 'severity', 'status']);
    expect(ws().messagesIn(row.channel_id).at(-1)!.text).toContain('Update on');
    await run(h, 'UALICE', row.channel_id, 'resolve');
  });
});
