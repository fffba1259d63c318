import { RECOVERY_STEP_BUTTON } from '../../../src/features/recovery/recovery.ids';
import { declare, type Harness, HUNG_CALL_TIMEOUT_MS, run, startHarness } from '../../support/harness';
import { GUIDED_POLICY } from '../../support/recovery-policy';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ policy: GUIDED_POLICY, notifyTimeoutMs: HUNG_CALL_TIMEOUT_MS });
});
afterAll(() => h?.stop());

const ws = () => h.emulator.workspace;
const checklistIn = (channel: string) =>
  ws()
    .messagesIn(channel)
    .filter((m) => m.text.startsWith('Recovery guide for'));
const bookmarksIn = (channel: string) => (ws().bookmarks.get(channel) ?? []).map((b) => [b.title, b.link]);
const blocksOf = (channel: string, ts: string) => JSON.stringify(ws().findMessage(channel, ts)!.blocks);

describe('recovery guides and DR checklists', () => {
  test('a SEV1 declared in a guided category gets the runbook and plan bookmarked and the checklist posted', async () => {
    const row = await declare(h, 'UALICE', {
      title: 'Primary database down',
      severity: 'SEV1',
      category: 'Data',
      commander: 'UALICE',
    });
    const ch = row.channel_id;
    expect(bookmarksIn(ch)).toEqual([
      ['Data runbook', 'https://wiki.example.com/runbooks/data'],
      ['Database failover', 'https://wiki.example.com/dr/db'],
    ]);
    const [checklist] = checklistIn(ch);
    expect(checklistIn(ch)).toHaveLength(1);
    const blocks = JSON.stringify(checklist.blocks);
    expect(blocks).toContain('1. Freeze writes');
    expect(blocks).toContain('3. Point the app at the new primary');
    expect(blocks.match(new RegExp(RECOVERY_STEP_BUTTON, 'g'))).toHaveLength(3);
    const stored = await h.db
      .selectFrom('recovery_checklists')
      .selectAll()
      .where('incident_id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(stored.message_ts).toBe(checklist.ts);
  });

  test('a bookmark whose answer was lost (Slack hung past the timeout but added it) is not added twice on retry', async () => {
    // Slack hangs until the client gives up, then still acts on the call, like a slow Slack: the answer is lost.
    h.emulator.failNext('bookmarks.add', { hangMs: 5_100 });
    const listsBefore = ws().callsTo('bookmarks.list').length;
    const row = await declare(h, 'UALICE', {
      title: 'Slow bookmarks',
      severity: 'SEV1',
      category: 'Data',
      commander: 'UALICE',
    });
    const ch = row.channel_id;
    await h.emulator.waitFor(() => checklistIn(ch).length === 1 && bookmarksIn(ch).length === 2, 25_000);
    await h.bot.idle();
    expect(bookmarksIn(ch)).toEqual([
      ['Data runbook', 'https://wiki.example.com/runbooks/data'],
      ['Database failover', 'https://wiki.example.com/dr/db'],
    ]);
    // The retry looked before adding again.
    expect(ws().callsTo('bookmarks.list').length).toBeGreaterThan(listsBefore);
  }, 40_000);

  test('ticking a step redraws the checklist with who and when, and records a key timeline event; a second tick changes nothing', async () => {
    const row = await declare(h, 'UALICE', {
      title: 'Replica lag',
      severity: 'SEV2',
      category: 'Data',
      commander: 'UALICE',
    });
    const ch = row.channel_id;
    const [checklist] = checklistIn(ch);
    await h.emulator.clickButton({
      user: 'UBOB',
      channel: ch,
      messageTs: checklist.ts,
      actionId: RECOVERY_STEP_BUTTON,
      value: '2',
    });
    await h.bot.idle();
    const redrawn = blocksOf(ch, checklist.ts);
    expect(redrawn).toContain('~2. Promote the replica~');
    expect(redrawn).toContain('Done by <@UBOB>');
    expect(redrawn.match(new RegExp(RECOVERY_STEP_BUTTON, 'g'))).toHaveLength(2);
    expect(ws().findMessage(ch, checklist.ts)!.text).toContain('1/3 steps done');

    // Two people tick step 3 at once (or Slack delivers a click twice): one tick, and a clear answer to the other.
    // Only the answers to these clicks: Alice and Carol may hold older ones from tests that ran before.
    const clickers = ['UALICE', 'UCAROL'];
    const seen = clickers.map((user) => ws().ephemeralsFor(user).length);
    await Promise.all(
      clickers.map((user) =>
        h.emulator.clickButton({
          user,
          channel: ch,
          messageTs: checklist.ts,
          actionId: RECOVERY_STEP_BUTTON,
          value: '3',
        }),
      ),
    );
    await h.bot.idle();
    const answers = clickers.flatMap((user, index) => ws().ephemeralsFor(user).slice(seen[index])).map((e) => e.text);
    expect(answers.length).toBe(1);
    expect(answers.at(-1)).toMatch(
      /Step 3 was already ticked by <@U(ALICE|CAROL)> at <!date\^\d+\^\{date_short_pretty\} \{time\}\|[\d-]+ [\d:]+ UTC>\. Nothing was changed\./,
    );
    expect(ws().findMessage(ch, checklist.ts)!.text).toContain('2/3 steps done');
    const events = await h.db
      .selectFrom('incident_events')
      .selectAll()
      .where('incident_id', '=', row.id)
      .where('kind', '=', 'step_ticked')
      .execute();
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      actor: 'UBOB',
      data: { plan: 'db-failover', step: 2, text: 'Promote the replica' },
    });

    const timeline = await run(h, 'UALICE', ch, 'timeline');
    expect(timeline.replies.join()).toContain('Recovery step 2 done (db-failover): Promote the replica');
  });

  test('in a private incident, someone who is not in it cannot tick', async () => {
    const row = await declare(h, 'UALICE', {
      title: 'Secret data loss',
      severity: 'SEV1',
      category: 'Data',
      commander: 'UALICE',
      private: true,
    });
    const ch = row.channel_id;
    const [checklist] = checklistIn(ch);
    await h.emulator.clickButton({
      user: 'UCAROL',
      channel: ch,
      messageTs: checklist.ts,
      actionId: RECOVERY_STEP_BUTTON,
      value: '1',
    });
    await h.bot.idle();
    expect(ws().ephemeralsFor('UCAROL').at(-1)!.text).toBe('You cannot see that incident.');
    expect(
      await h.db.selectFrom('recovery_ticks').selectAll().where('incident_id', '=', row.id).execute(),
    ).toHaveLength(0);
    expect(blocksOf(ch, checklist.ts).match(new RegExp(RECOVERY_STEP_BUTTON, 'g'))).toHaveLength(3);
  });

  test('raising SEV3 to SEV1 posts the guide once; lowering and raising again does not repeat it', async () => {
    const row = await declare(h, 'UALICE', {
      title: 'Slow queries',
      severity: 'SEV3',
      category: 'Data',
      commander: 'UALICE',
    });
    const ch = row.channel_id;
    expect(checklistIn(ch)).toHaveLength(0);
    expect(bookmarksIn(ch)).toEqual([]);
    await run(h, 'UALICE', ch, 'severity 1');
    expect(checklistIn(ch)).toHaveLength(1);
    expect(bookmarksIn(ch)).toHaveLength(2);
    await run(h, 'UALICE', ch, 'severity 3');
    await run(h, 'UALICE', ch, 'severity 2');
    expect(checklistIn(ch)).toHaveLength(1);
    expect(bookmarksIn(ch)).toHaveLength(2);
  });

  test('an incident in a category without a guide, or below SEV2, gets nothing', async () => {
    const other = await declare(h, 'UALICE', {
      title: 'Site down',
      severity: 'SEV1',
      category: 'Availability',
      commander: 'UALICE',
    });
    const minor = await declare(h, 'UALICE', {
      title: 'Minor data glitch',
      severity: 'SEV4',
      category: 'Data',
      commander: 'UALICE',
    });
    for (const row of [other, minor]) {
      expect(checklistIn(row.channel_id)).toHaveLength(0);
      expect(bookmarksIn(row.channel_id)).toEqual([]);
    }
  });
});
