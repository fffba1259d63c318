import { BARS, SEVERITY_COLOURS } from '../../../src/features/stats/chart/stats-chart';
import { declare, type Harness, run, startHarness, TestClock } from '../../support/harness';
import { decodePng } from '../../support/png';

const MIN = 60_000;
const clock = new TestClock();
let h: Harness;
async function startBot() {
  const harness = await startHarness({ clock });
  harness.emulator.workspace.addUser({ id: 'UERIN', name: 'erin', realName: 'Erin Evans' });
  return harness;
}
beforeAll(async () => {
  h = await startBot();
});
afterAll(() => h?.stop());

const ws = () => h.emulator.workspace;
const TITLE = 'Payroll export leaked';
/** What the bot told `user` by DM after they were given their follow-ups (which they were told of while still among its people). */
const mentions = (user: string, text: string) =>
  ws()
    .dmsTo(user)
    .filter((m) => !m.text.includes('gave you a follow-up'))
    .filter((m) => m.text.includes(text) || JSON.stringify(m.blocks ?? '').includes(text));
const tick = async () => {
  await h.bot.scheduler.tick();
  await h.bot.idle();
};
const reply = async (user: string, text: string, channel = 'CGENERAL') =>
  (await run(h, user, channel, text)).replies.join('\n');

async function openHome(user: string) {
  const res = await h.emulator.openAppHome(user);
  expect(res.status).toBe(200);
  await h.bot.idle();
  return JSON.stringify(ws().homeViews.get(user)?.view.blocks ?? null);
}

/** The stats chart `user` gets by DM: SEV1 and SEV2 pixels in the bars. */
async function chart(user: string) {
  const before = ws().dmsTo(user).length;
  await reply(user, 'stats all');
  const dm = ws()
    .dmsTo(user)
    .slice(before)
    .find((m) => m.files?.length);
  const png = decodePng(ws().files.get(dm!.files![0])!.content!);
  const rows = [BARS.top, BARS.top + BARS.height] as const;
  return { sev1: png.count(SEVERITY_COLOURS.SEV1, ...rows), sev2: png.count(SEVERITY_COLOURS.SEV2, ...rows) };
}

const participantsLine = async (incidentId: number) => {
  const doc = (
    await h.db.selectFrom('reviews').select('document').where('incident_id', '=', incidentId).executeTakeFirstOrThrow()
  ).document!;
  return doc.split('\n').find((l) => l.startsWith('- **Participants:**'))!;
};

/** `/incident update`, then the modal it opens submitted as offered. */
async function postUpdate(user: string, channel: string, text: string) {
  const before = new Set(
    ws()
      .openViews(user)
      .map((v) => v.id),
  );
  await run(h, user, channel, `update ${text}`);
  const view = await h.emulator.waitFor(() =>
    ws()
      .openViews(user)
      .find((v) => !before.has(v.id) && v.view.callback_id === 'firebreak_update'),
  );
  expect((await h.emulator.submitView({ user, viewId: view.id, values: {} })).body).toBe('');
  await h.bot.idle();
}

/** Who was asked for feedback on an incident, by user id. */
async function askedForFeedback(incidentId: number) {
  const rows = await h.db
    .selectFrom('incident_feedback')
    .select('user_id')
    .where('incident_id', '=', incidentId)
    .orderBy('user_id')
    .execute();
  return rows.map((row) => row.user_id);
}

async function writeReview(user: string, channel: string) {
  const before = new Set(
    ws()
      .openViews(user)
      .map((v) => v.id),
  );
  await run(h, user, channel, 'review');
  const view = await h.emulator.waitFor(() =>
    ws()
      .openViews(user)
      .find((v) => !before.has(v.id) && v.view.callback_id === 'firebreak_review'),
  );
  expect(
    (
      await h.emulator.submitView({
        user,
        viewId: view.id,
        values: { summary: 'Done', customerImpact: 'Invoices late', rootCause: 'A bug' },
      })
    ).body,
  ).toBe('');
  await h.bot.idle();
}

describe('a private incident follows its channel: Bob, invited then removed', () => {
  let priv: Awaited<ReturnType<typeof declare>>;
  let outer: Harness;

  // A bot and database of its own: the story counts what Bob can see, and the tests outside it run in any order.
  afterAll(async () => {
    await h.stop();
    h = outer;
  });
  beforeAll(async () => {
    outer = h;
    h = await startBot();
    await declare(h, 'UALICE', { title: 'Checkout latency', severity: 'SEV2', commander: 'UALICE' });
    priv = await declare(h, 'UALICE', { title: TITLE, severity: 'SEV1', private: true, commander: 'UALICE' });
    await run(h, 'UALICE', priv.channel_id, 'status investigating');
    await run(h, 'UALICE', priv.channel_id, 'invite <@UBOB> <@UCAROL>');
    for (const user of ['UBOB', 'UCAROL']) await run(h, user, priv.channel_id, 'subscribe');
    await run(h, 'UALICE', priv.channel_id, 'followup Rotate the export key <@UBOB> due 2026-11-20');
    await run(h, 'UALICE', priv.channel_id, 'followup Audit the bucket policy <@UDAVE> due 2026-11-20');
    await run(h, 'UALICE', priv.channel_id, 'followup Check the access logs <@UCAROL> due 2026-11-20');
    await h.emulator.postUserMessage({ user: 'UBOB', channel: priv.channel_id, text: 'I exported it by mistake' });
    await h.bot.idle();
  });

  // One story, told in order: each step acts on what the ones before it left (Bob removed, the incident closed).
  test('step by step', async () => {
    // while in the channel, Bob sees it in the list, on Home and in his stats and chart.
    {
      expect(await reply('UBOB', 'list')).toContain(TITLE);
      const home = await openHome('UBOB');
      expect(home).toContain(TITLE);
      expect(home).toContain('Rotate the export key');
      expect(home).toContain('Incident stats (last 30 days)*: 2 incidents');
      expect(await reply('UBOB', 'stats all')).toContain('2 incidents');
      expect((await chart('UBOB')).sev1).toBe((BARS.width * BARS.height) / 2);
      // Alice declared it; Bob and Carol were invited.
      expect(await reply('UCAROL', 'status', priv.channel_id)).toContain('· 3 participant(s)');

      const removed = await h.emulator.removeFromChannel({ user: 'UBOB', channel: priv.channel_id, by: 'UALICE' });
      expect(removed.status).toBe(200);
      await h.bot.idle();
    }

    // /incident list no longer shows it to him, and still does to Carol.
    expect(await reply('UBOB', 'list')).not.toContain(TITLE);
    expect(await reply('UCAROL', 'list')).toContain(TITLE);

    // the status card no longer counts him among its participants.
    expect(await reply('UCAROL', 'status', priv.channel_id)).toContain('· 2 participant(s)');

    // App Home no longer shows it, nor his follow-up of it.
    {
      const home = await openHome('UBOB');
      expect(home).not.toContain(TITLE);
      expect(home).not.toContain('Rotate the export key');
      expect(home).toContain('Checkout latency');
      expect(home).toContain('Incident stats (last 30 days)*: 1 incident');
    }

    // /incident stats and its DM chart no longer count it for him.
    {
      const text = await reply('UBOB', 'stats all');
      expect(text).toContain('1 incident');
      expect(text).not.toContain('SEV1');
      expect(await chart('UBOB')).toEqual({ sev1: 0, sev2: BARS.width * BARS.height });
    }

    // an update reaches Carol by DM, not Bob, though he subscribed.
    await postUpdate('UALICE', priv.channel_id, 'Keys are being rotated');
    expect(mentions('UCAROL', 'Keys are being rotated')).toHaveLength(1);
    expect(mentions('UBOB', 'Keys are being rotated')).toHaveLength(0);

    // an update queued before his removal is not DMed to him when it goes out after it.
    // Alice adds him back from Slack itself: the join makes him one of its people again.
    await h.emulator.joinChannel({ user: 'UBOB', channel: priv.channel_id, inviter: 'UALICE' });
    await h.bot.idle();
    expect(await reply('UBOB', 'list')).toContain(TITLE);
    h.emulator.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    await postUpdate('UALICE', priv.channel_id, 'Bucket is locked down');
    expect(mentions('UCAROL', 'Bucket is locked down')).toHaveLength(0);
    await h.emulator.removeFromChannel({ user: 'UBOB', channel: priv.channel_id, by: 'UALICE' });
    await h.bot.idle();
    clock.advance(2_000);
    h.bot.outbox.wake();
    await h.emulator.waitFor(() => mentions('UCAROL', 'Bucket is locked down').length > 0);
    await h.bot.idle();
    expect(mentions('UBOB', 'Bucket is locked down')).toHaveLength(0);

    // the stakeholder digest reaches Carol by DM, not Bob.
    clock.advance(61 * MIN);
    await tick();
    expect(mentions('UCAROL', ':newspaper:').filter((m) => m.text.includes(TITLE)).length).toBeGreaterThan(0);
    expect(mentions('UBOB', ':newspaper:')).toHaveLength(0);
    expect(mentions('UBOB', TITLE)).toHaveLength(0);

    // a follow-up nudge to someone who is not one of its people carries neither its title nor its text.
    {
      // Due dates are in the past: the tick above already nudged each owner once.
      const carol = mentions('UCAROL', 'Check the access logs');
      expect(carol).toHaveLength(1);
      expect(carol[0].text).toContain(TITLE);
      for (const [user, text] of [
        ['UBOB', 'Rotate the export key'],
        ['UDAVE', 'Audit the bucket policy'],
      ]) {
        const nudges = mentions(user, 'A follow-up assigned to you in private incident');
        expect(nudges).toHaveLength(1);
        expect(nudges[0].text).toContain(`INC-${priv.number}`);
        expect(mentions(user, text)).toHaveLength(0);
        expect(mentions(user, TITLE)).toHaveLength(0);
      }
    }

    // at close, feedback goes to who took part and is still in: not Bob, nor Erin who joined and never posted; Dave, brought in by Carol, posted and is asked.
    {
      await h.emulator.joinChannel({ user: 'UDAVE', channel: priv.channel_id, inviter: 'UCAROL' });
      await h.emulator.joinChannel({ user: 'UERIN', channel: priv.channel_id, inviter: 'UCAROL' });
      await h.emulator.postUserMessage({
        user: 'UDAVE',
        channel: priv.channel_id,
        text: 'The bucket policy was public',
      });
      await h.bot.idle();
      await run(h, 'UALICE', priv.channel_id, 'resolve Locked down');
      await writeReview('UALICE', priv.channel_id);
      await run(h, 'UALICE', priv.channel_id, 'close');
      await h.bot.idle();

      const asked = await askedForFeedback(priv.id);
      expect(asked).toEqual(['UALICE', 'UCAROL', 'UDAVE']);
      const feedbackDm = (user: string) =>
        ws()
          .dmsTo(user)
          .filter((m) => m.text.includes(`INC-${priv.number}`) && m.text.includes('is closed'));
      for (const user of ['UALICE', 'UCAROL', 'UDAVE']) expect(feedbackDm(user)).toHaveLength(1);
      for (const user of ['UBOB', 'UERIN']) expect(feedbackDm(user)).toHaveLength(0);
    }

    // the review document's participants are the same people.
    {
      const line = await participantsLine(priv.id);
      for (const name of ['@alice', '@carol', '@dave']) expect(line).toContain(name);
      for (const name of ['@bob', '@erin']) expect(line).not.toContain(name);
    }
  }, 60_000);
});

test('in a public incident, someone who joined by themselves and posted is a participant: asked for feedback, named in the review', async () => {
  const pub = await declare(h, 'UALICE', { title: 'Search is slow', severity: 'SEV2', commander: 'UALICE' });
  await h.emulator.joinChannel({ user: 'UERIN', channel: pub.channel_id });
  await h.emulator.postUserMessage({ user: 'UERIN', channel: pub.channel_id, text: 'The index rebuild is stuck' });
  await h.bot.idle();
  for (const step of ['status investigating', 'resolve Fixed']) await run(h, 'UALICE', pub.channel_id, step);
  await writeReview('UALICE', pub.channel_id);
  expect(await participantsLine(pub.id)).toContain('@erin');
  await run(h, 'UALICE', pub.channel_id, 'close');
  await h.bot.idle();
  const asked = await askedForFeedback(pub.id);
  expect(asked).toEqual(['UALICE', 'UERIN']);
});

test('a subscriber who leaves a private incident gets none of its update DMs from then on; one who stays does', async () => {
  const priv = await declare(h, 'UALICE', {
    title: 'Salary sheet shared',
    severity: 'SEV1',
    private: true,
    commander: 'UALICE',
  });
  await run(h, 'UALICE', priv.channel_id, 'status investigating');
  await run(h, 'UALICE', priv.channel_id, 'invite <@UBOB> <@UCAROL>');
  for (const user of ['UBOB', 'UCAROL']) await run(h, user, priv.channel_id, 'subscribe');
  await postUpdate('UALICE', priv.channel_id, 'Link revoked');
  expect(mentions('UCAROL', 'Link revoked')).toHaveLength(1);

  expect((await h.emulator.leaveChannel({ user: 'UCAROL', channel: priv.channel_id })).status).toBe(200);
  await h.bot.idle();
  await postUpdate('UALICE', priv.channel_id, 'Access reviewed');
  expect(mentions('UBOB', 'Access reviewed')).toHaveLength(1);
  expect(mentions('UCAROL', 'Access reviewed')).toHaveLength(0);
  clock.advance(61 * MIN);
  await tick();
  expect(mentions('UBOB', ':newspaper:').filter((m) => m.text.includes('Salary sheet shared')).length).toBeGreaterThan(
    0,
  );
  expect(mentions('UCAROL', ':newspaper:').filter((m) => m.text.includes('Salary sheet shared'))).toHaveLength(0);
});

test('membership events apply in the order Slack stamped them: a join delivered late does not undo a newer removal', async () => {
  const priv = await declare(h, 'UALICE', { title: 'Late join', severity: 'SEV3', private: true, commander: 'UALICE' });
  await run(h, 'UALICE', priv.channel_id, 'invite <@UBOB>');
  const joined = {
    type: 'member_joined_channel',
    user: 'UBOB',
    channel: priv.channel_id,
    channel_type: 'G',
    team: 'T0001',
    inviter: 'UALICE',
  };
  // Stamped before the removal below (Slack's event_ts grows with time), delivered after it.
  const early = ws().nextTs();
  await h.emulator.removeFromChannel({ user: 'UBOB', channel: priv.channel_id, by: 'UALICE' });
  expect((await h.emulator.sendEvent({ ...joined, event_ts: early })).status).toBe(200);
  await h.bot.idle();
  expect(await reply('UBOB', 'list')).not.toContain('Late join');
  // A join stamped after the removal brings him back.
  expect((await h.emulator.sendEvent({ ...joined, event_ts: ws().nextTs() })).status).toBe(200);
  await h.bot.idle();
  expect(await reply('UBOB', 'list')).toContain('Late join');
});

test('a commander removed from a private incident is not DMed its update escalations', async () => {
  const priv = await declare(h, 'UCAROL', {
    title: 'Ledger mismatch',
    severity: 'SEV1',
    private: true,
    commander: 'UBOB',
  });
  await run(h, 'UBOB', priv.channel_id, 'status investigating');
  await h.emulator.removeFromChannel({ user: 'UBOB', channel: priv.channel_id, by: 'UCAROL' });
  await h.bot.idle();
  // SEV1: a nudge every 30 minutes, escalated by DM from the third on.
  for (let i = 0; i < 3; i++) {
    clock.advance(31 * MIN);
    await tick();
  }
  // Each nudge replaces the one before: count what was posted.
  const nudges = ws()
    .callsTo('chat.postMessage')
    .filter((c) => c.ok && c.args.channel === priv.channel_id && String(c.args.text).startsWith(':bell:'));
  expect(nudges.length).toBeGreaterThanOrEqual(3);
  expect(
    mentions('UBOB', 'no update through several reminders').filter((m) => m.text.includes('Ledger mismatch')),
  ).toHaveLength(0);
});

test('a commander removed from a private incident after resolving it is not DMed its review nudge', async () => {
  const priv = await declare(h, 'UCAROL', {
    title: 'Invoice run doubled',
    severity: 'SEV2',
    private: true,
    commander: 'UBOB',
  });
  for (const step of ['status investigating', 'status monitoring', 'resolve Fixed'])
    await run(h, 'UBOB', priv.channel_id, step);
  await h.emulator.removeFromChannel({ user: 'UBOB', channel: priv.channel_id, by: 'UCAROL' });
  await h.bot.idle();
  clock.advance(2 * 24 * 60 * MIN + MIN);
  await tick();
  const fired = await h.db
    .selectFrom('reminders')
    .select('fired_count')
    .where('incident_id', '=', priv.id)
    .where('kind', '=', 'review_nudge')
    .executeTakeFirstOrThrow();
  expect(fired.fired_count).toBeGreaterThan(0);
  expect(
    mentions('UBOB', 'needs a post-incident review').filter((m) => m.text.includes('Invoice run doubled')),
  ).toHaveLength(0);
});
