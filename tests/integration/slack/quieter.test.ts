import {
  POST_UPDATE_BUTTON,
  SNOOZE_BUTTON,
  UPDATE_FIELDS as U,
  UPDATE_MODAL,
} from '../../../src/features/updates/updates.ids';
import { declare, type Harness, run, startHarness, TestClock } from '../../support/harness';
import { MIN, nudgesIn, tick } from '../../support/nudges';

const clock = new TestClock();
let h: Harness;
beforeAll(async () => {
  // Announcements go to #incidents (CINCIDENTS) and, with no stakeholder channel, updates and
  // digests too. SEV1: an update every 30m and a digest every hour (defaults).
  h = await startHarness({ clock });
});
afterAll(() => h?.stop());

const ws = () => h.emulator.workspace;
const row = (id: number) => h.db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
/** The messages of #incidents about INC-n that are not replies in a thread. */
const topLevel = (n: number) =>
  ws()
    .messagesIn('CINCIDENTS')
    .filter((m) => (!m.threadTs || m.threadTs === m.ts) && m.text.includes(`INC-${n}`));

async function postUpdate(user: string, channel: string, text: string) {
  await run(h, user, channel, 'update');
  const view = ws()
    .openViews(user)
    .find((v) => v.view.callback_id === UPDATE_MODAL)!;
  const res = await h.emulator.submitView({ user, viewId: view.id, values: { [U.text.action]: text } });
  expect(res.body).toBe('');
  await h.bot.idle();
}

/**
 * Puts a delivered notice back at `step` as if its holder died after Slack
 * answered that step and before recording it: only that step is retried unsure.
 */
async function replayUnsure(noticeId: number, step: number) {
  await h.db
    .updateTable('outbox')
    .set({ status: 'pending', step, attempts: 1, claim_token: 'died', due_at: clock.now(), done_at: null })
    .where('id', '=', noticeId)
    .execute();
  h.bot.outbox.wake();
  await h.bot.idle();
}

const noticeOf = async (incidentId: number, type: string) =>
  (
    await h.db
      .selectFrom('outbox')
      .select(['id', 'notice'])
      .where('lane', '=', `incident:${incidentId}`)
      .orderBy('id', 'desc')
      .execute()
  ).find((r) => (r.notice as { type: string }).type === type)!;

describe('one announcement per incident, edited in place', () => {
  test('severity, status, commander, updates and resolution edit the one message and reply in its thread', async () => {
    const inc = await declare(h, 'UALICE', { title: 'Checkout is down', severity: 'SEV2', commander: 'UALICE' });
    await run(h, 'UALICE', inc.channel_id, 'severity SEV1');
    await run(h, 'UALICE', inc.channel_id, 'status investigating');
    await run(h, 'UALICE', inc.channel_id, 'role commander <@UBOB>');
    await postUpdate('UBOB', inc.channel_id, 'Rolled back the payment gateway');
    await run(h, 'UBOB', inc.channel_id, 'resolve Fixed by the rollback');

    const [announcement] = topLevel(inc.number);
    expect(topLevel(inc.number)).toHaveLength(1);
    expect((await row(inc.id)).announcement_ts).toBe(announcement.ts);
    for (const part of ['*SEV1*', '*Resolved*', '<@UBOB>', 'Rolled back the payment gateway'])
      expect(announcement.text).toContain(part);
    expect(announcement.text).not.toContain('SEV2');

    const thread = ws()
      .threadReplies('CINCIDENTS', announcement.ts)
      .map((m) => m.text);
    expect(thread.some((t) => t.includes('is now *SEV1* (was SEV2)'))).toBe(true);
    expect(thread.some((t) => t.includes('is now *Investigating*'))).toBe(true);
    expect(thread.some((t) => t.includes('<@UBOB> is now the commander'))).toBe(true);
    expect(thread.some((t) => t.includes('Rolled back the payment gateway'))).toBe(true);
    expect(thread.some((t) => t.includes('is resolved'))).toBe(true);
    expect(
      ws()
        .callsTo('chat.update')
        .filter((c) => c.ok && c.args.channel === 'CINCIDENTS' && c.args.ts === announcement.ts).length,
    ).toBeGreaterThanOrEqual(5);
  });

  test('private incidents and drills never reach the announcement channel', async () => {
    const before = ws().messagesIn('CINCIDENTS').length;
    const priv = await declare(h, 'UALICE', { title: 'Secret', severity: 'SEV2', commander: 'UALICE', private: true });
    await run(h, 'UALICE', priv.channel_id, 'severity SEV1');
    await run(h, 'UALICE', priv.channel_id, 'resolve');
    await run(h, 'UALICE', 'CGENERAL', 'drill Restore rehearsal');
    expect(ws().messagesIn('CINCIDENTS')).toHaveLength(before);
    expect((await row(priv.id)).announcement_ts).toBeNull();
  });

  test('a replayed declaration posts no second announcement, even when its ts was never recorded', async () => {
    const inc = await declare(h, 'UALICE', { title: 'Replayed declaration', severity: 'SEV3', commander: 'UALICE' });
    expect(topLevel(inc.number)).toHaveLength(1);
    const declared = await noticeOf(inc.id, 'declared');

    // Steps of a declaration: confirm to the declarer, the set-up (invite, header, topic, announce together), pin.
    const announceStep = 1;
    await replayUnsure(Number(declared.id), 0);
    expect(topLevel(inc.number)).toHaveLength(1);

    // Slack posted it but the process died before storing its ts: the retry finds it by its key.
    const ts = topLevel(inc.number)[0].ts;
    await h.db
      .updateTable('incidents')
      .set({ announcement_ts: null, announcement_channel: null })
      .where('id', '=', inc.id)
      .execute();
    await replayUnsure(Number(declared.id), announceStep);
    expect(topLevel(inc.number)).toHaveLength(1);
    expect((await row(inc.id)).announcement_ts).toBe(ts);
  });

  test('a replayed change posts no second reply in the thread: the retry looks in the thread first', async () => {
    const inc = await declare(h, 'UALICE', { title: 'Replayed change', severity: 'SEV3', commander: 'UALICE' });
    await run(h, 'UALICE', inc.channel_id, 'severity SEV2');
    const ts = topLevel(inc.number)[0].ts;
    const replies = () =>
      ws()
        .threadReplies('CINCIDENTS', ts)
        .filter((m) => m.text.includes('is now *SEV2*'));
    expect(replies()).toHaveLength(1);
    const lookups = ws().callsTo('conversations.replies').length;

    // Steps of a severity change: post in the channel, topic, header, edit the announcement, reply in its thread.
    await replayUnsure(Number((await noticeOf(inc.id, 'changed')).id), 4);
    expect(replies()).toHaveLength(1);
    expect(ws().callsTo('conversations.replies').length).toBeGreaterThan(lookups);
    expect(topLevel(inc.number)).toHaveLength(1);
  });
});

const snoozedUntil = async (incidentId: number) =>
  (
    await h.db
      .selectFrom('reminders')
      .select('snoozed_until')
      .where('incident_id', '=', incidentId)
      .where('kind', '=', 'update_nudge')
      .executeTakeFirstOrThrow()
  ).snoozed_until;

async function sev1(title: string) {
  const row = await declare(h, 'UALICE', { title, severity: 'SEV1', commander: 'UALICE' });
  await run(h, 'UALICE', row.channel_id, 'status investigating');
  return row;
}

describe('update nudges', () => {
  test('a new nudge replaces the one left unanswered', async () => {
    const row = await sev1('Replace me');
    clock.advance(31 * MIN);
    await tick(h);
    const [first] = nudgesIn(h, row.channel_id);
    expect(first).toBeDefined();
    clock.advance(30 * MIN);
    await tick(h);
    expect(nudgesIn(h, row.channel_id)).toHaveLength(1);
    const [second] = nudgesIn(h, row.channel_id);
    expect(second.ts).not.toBe(first.ts);
    expect(second.text).toContain('for 1h 1m');
    expect(
      ws()
        .callsTo('chat.delete')
        .some((c) => c.ok && c.args.channel === row.channel_id && c.args.ts === first.ts),
    ).toBe(true);
    const stored = await h.db
      .selectFrom('incidents')
      .select('update_nudge_ts')
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(stored.update_nudge_ts).toBe(second.ts);
    await run(h, 'UALICE', row.channel_id, 'resolve');
  });

  test('the escalation DM carries the same buttons, and they act on the incident they name', async () => {
    const row = await sev1('Escalate me');
    for (let i = 0; i < 3; i++) {
      clock.advance(30 * MIN + (i ? 0 : MIN));
      await tick(h);
    }
    const dm = ws()
      .dmsTo('UALICE')
      .find((m) => m.text.includes('no update through several reminders') && m.text.includes('Escalate me'))!;
    expect(dm).toBeDefined();
    const ids = JSON.stringify(dm.blocks);
    expect(ids).toContain(POST_UPDATE_BUTTON);
    expect(ids).toContain(SNOOZE_BUTTON);

    const im = ws().imFor('UALICE').id;
    await h.emulator.clickButton({ user: 'UALICE', channel: im, messageTs: dm.ts, actionId: SNOOZE_BUTTON });
    await h.bot.idle();
    expect((await snoozedUntil(row.id))?.getTime()).toBe(clock.now().getTime() + 30 * MIN);

    // The declare form still shows its answer: the new modal replaces it, as Slack shows one modal at a time.
    const viewsBefore = new Set(
      ws()
        .openViews('UALICE')
        .map((v) => v.id),
    );
    await h.emulator.clickButton({ user: 'UALICE', channel: im, messageTs: dm.ts, actionId: POST_UPDATE_BUTTON });
    await h.bot.idle();
    const view = ws()
      .openViews('UALICE')
      .find((v) => !viewsBefore.has(v.id) && v.view.callback_id === UPDATE_MODAL);
    expect(JSON.parse(view!.view.private_metadata ?? '{}')).toEqual({ incident: row.number });
    await run(h, 'UALICE', row.channel_id, 'resolve');
  });

  test("once the incident is resolved, a nudge's buttons answer that and change nothing", async () => {
    const row = await sev1('Resolved before snooze');
    clock.advance(31 * MIN);
    await tick(h);
    const [nudge] = nudgesIn(h, row.channel_id);
    await run(h, 'UALICE', row.channel_id, 'resolve');
    const channelBefore = ws().messagesIn(row.channel_id).length;
    const snoozeBefore = await snoozedUntil(row.id);
    const seen = ws().ephemeralsFor('UBOB').length;

    await h.emulator.clickButton({
      user: 'UBOB',
      channel: row.channel_id,
      messageTs: nudge.ts,
      actionId: SNOOZE_BUTTON,
    });
    await h.bot.idle();
    expect(ws().messagesIn(row.channel_id)).toHaveLength(channelBefore);
    expect(await snoozedUntil(row.id)).toEqual(snoozeBefore);
    const viewsBefore = ws().openViews('UBOB').length;
    await h.emulator.clickButton({
      user: 'UBOB',
      channel: row.channel_id,
      messageTs: nudge.ts,
      actionId: POST_UPDATE_BUTTON,
    });
    await h.bot.idle();
    expect(ws().openViews('UBOB')).toHaveLength(viewsBefore);
    const answers = ws()
      .ephemeralsFor('UBOB')
      .slice(seen)
      .map((e) => e.text);
    expect(answers).toHaveLength(2);
    for (const a of answers) expect(a).toContain('This incident is resolved');
  });
});

describe('stakeholder digests', () => {
  test('say how long the update is overdue, as a reply under the announcement', async () => {
    const row = await sev1('Overdue digest');
    // An update sets the next one due in 30 minutes; nobody posts it.
    await postUpdate('UALICE', row.channel_id, 'Looking into it');
    const announcement = await h.db
      .selectFrom('incidents')
      .select('announcement_ts')
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    clock.advance(61 * MIN);
    await tick(h);
    clock.advance(60 * MIN);
    await tick(h);
    const digests = ws()
      .threadReplies('CINCIDENTS', announcement.announcement_ts!)
      .filter((m) => m.text.startsWith(':newspaper:'));
    expect(digests).toHaveLength(2);
    expect(digests[0].text).toContain('Update overdue by 31m');
    expect(digests[1].text).toContain('Update overdue by 1h 31m');
    expect(digests[1].text).not.toContain('Next update due');
    await run(h, 'UALICE', row.channel_id, 'resolve');
  });
});
