import { UPDATE_FIELDS as U } from '../../../src/features/updates/updates.ids';
import { PgRateBuckets } from '../../../src/kernel/db/rate-buckets.repository';
import { harnessForFile, run, TestClock } from '../../support/harness';
import {
  investigatingSev1,
  MIN,
  nudgesIn,
  nudgesPosted,
  reminderNotice,
  reminderRow,
  tick,
} from '../../support/nudges';

// Reminders leave through the outbox: these faults hit the one incident each test
// makes (one harness, nothing else open), so they land on the reminder they aim at.
const clock = new TestClock();
// SEV1: update every 30m, digest every 1h (defaults); announcements go to #incidents.
const file = harnessForFile({ clock });

describe('reminders delivered by the outbox', () => {
  test('a nudge whose answer Slack lost is looked for, not posted twice', async () => {
    const row = await investigatingSev1(file.h, 'Lost answer');
    clock.advance(31 * MIN);
    // Slack posts the nudge but answers after the client gave up: the outbox cannot know it landed.
    file.h.emulator.failNext('chat.postMessage', { hangMs: 5_100 });
    await tick(file.h);
    await file.h.emulator.waitFor(() => nudgesPosted(file.h, row.channel_id) === 1, 10_000);
    const historyBefore = file.h.emulator.workspace.callsTo('conversations.history').length;
    clock.advance(MIN);
    await tick(file.h);
    expect(nudgesPosted(file.h, row.channel_id)).toBe(1);
    expect(file.h.emulator.workspace.callsTo('conversations.history').length).toBeGreaterThan(historyBefore);
    expect((await reminderNotice(file.h, row.id, 'update_nudge')).status).toBe('done');
    // The nudge it found is the standing one: the next replaces it.
    const stored = await file.h.db
      .selectFrom('incidents')
      .select('update_nudge_ts')
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(stored.update_nudge_ts).toBe(nudgesIn(file.h, row.channel_id)[0].ts);
    const r = await reminderRow(file.h, row.id, 'update_nudge');
    expect(r.total_fired).toBe(1);
    await run(file.h, 'UALICE', row.channel_id, 'resolve');
  }, 30_000);

  test('a digest Slack rate-limits is retried by the outbox as late as Retry-After says, and no later', async () => {
    const row = await investigatingSev1(file.h, 'Rate limited digest');
    const digests = () =>
      file.h.emulator.workspace
        .callsTo('chat.postMessage')
        .filter(
          (c) =>
            c.ok &&
            String(c.args.text).startsWith(':newspaper:') &&
            String(c.args.text).includes('Rate limited digest'),
        );
    // The first nudge at 45 minutes puts the next at 75: at 61 the digest (due at 60) is all that is owed.
    clock.advance(45 * MIN);
    await tick(file.h);
    expect(nudgesPosted(file.h, row.channel_id)).toBe(1);
    clock.advance(16 * MIN);
    file.h.emulator.failNext('chat.postMessage', { status: 429, retryAfter: 30 });
    await tick(file.h);
    expect(digests()).toHaveLength(0);
    const waiting = await reminderNotice(file.h, row.id, 'stakeholder_digest');
    expect(waiting.status).toBe('pending');
    expect(JSON.stringify(waiting.errors)).toContain('ratelimited');
    // Retry-After, not the outbox's own backoff of a second for a first failure.
    expect(waiting.due_at.getTime()).toBe(clock.now().getTime() + 30_000);

    clock.advance(29_000);
    file.h.bot.outbox.wake();
    await file.h.bot.idle();
    expect(digests()).toHaveLength(0);
    clock.advance(1_000);
    file.h.bot.outbox.wake();
    await file.h.bot.idle();
    expect(digests()).toHaveLength(1);
    expect((await reminderNotice(file.h, row.id, 'stakeholder_digest')).status).toBe('done');
    expect(nudgesPosted(file.h, row.channel_id)).toBe(1);
    await run(file.h, 'UALICE', row.channel_id, 'resolve');
  });

  /** A nudge held back (by `holdBack`) until an update makes it pointless is dropped, not posted late. */
  async function nudgeOutlivedByUpdate(title: string, holdBack: (channel: string) => Promise<void>) {
    const row = await investigatingSev1(file.h, title);
    clock.advance(31 * MIN);
    await holdBack(row.channel_id);
    await tick(file.h);
    expect(nudgesPosted(file.h, row.channel_id)).toBe(0);
    // The update comes while the nudge waits; its own post queues behind the nudge.
    clock.advance(1_000);
    const ws = file.h.emulator.workspace;
    await file.h.emulator.command({ user: 'UALICE', channel: row.channel_id, text: 'update' });
    const view = await file.h.emulator.waitFor(() =>
      ws.openViews('UALICE').find((v) => v.view.callback_id === 'firebreak_update'),
    );
    // Answered once the update is recorded: its checks decide what the modal says back.
    const res = await file.h.emulator.submitView({
      user: 'UALICE',
      viewId: view.id,
      values: { [U.text.action]: 'Rolled back' },
    });
    expect(res.body).toBe('');
    clock.advance(60_000);
    file.h.bot.outbox.wake();
    await file.h.bot.idle();
    expect(nudgesPosted(file.h, row.channel_id)).toBe(0);
    const nudge = await reminderNotice(file.h, row.id, 'update_nudge');
    expect(nudge.status).toBe('done');
    expect(file.h.emulator.workspace.messagesIn(row.channel_id).some((m) => m.text.includes('Rolled back'))).toBe(true);
    await run(file.h, 'UALICE', row.channel_id, 'resolve');
    return nudge;
  }

  test('a nudge still waiting on Slack when an update comes is dropped, not posted late', async () => {
    await nudgeOutlivedByUpdate('Answered in time', async () =>
      file.h.emulator.failNext('chat.postMessage', { status: 429, retryAfter: 60 }),
    );
  });

  test("a nudge waiting for Firebreak's own rate budget when an update comes is dropped too", async () => {
    const pacedBefore = await pacedNudges();
    const nudge = await nudgeOutlivedByUpdate('Paced in time', async (channel) => {
      // Another replica spent the channel's budget for the next minute.
      const key = `${file.h.emulator.workspace.teamId}:chat.postMessage:${channel}`;
      await new PgRateBuckets(file.h.database.db).drain(
        [{ key, capacity: 60, perMs: 0.001, reserve: 0 }],
        new Date(clock.pacing.now().getTime() + 60_000),
      );
    });
    expect(await pacedNudges()).toBeGreaterThan(pacedBefore);
    // Waiting for a token is neither a failure nor an attempt.
    expect(nudge.errors).toEqual([]);
  });
});

async function pacedNudges(): Promise<number> {
  const metric = await file.h.bot.metrics.registry.getSingleMetric('slack_paced_total')!.get();
  return metric.values.filter((v) => v.labels.method === 'chat.postMessage').reduce((n, v) => n + v.value, 0);
}
