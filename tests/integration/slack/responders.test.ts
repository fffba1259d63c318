import { FOLLOWUP_DM_DONE_BUTTON } from '../../../src/features/followups/followups.ids';
import { declare, declareAndResolve, type Harness, run, startHarness } from '../../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ policy: { announcementChannel: 'CINCIDENTS' } });
});
afterAll(() => h?.stop());

const ws = () => h.emulator.workspace;
const botPosts = (channel: string) =>
  ws()
    .messagesIn(channel)
    .filter((m) => m.user === ws().botUserId);

describe('the real responders', () => {
  test('pinning or putting a :pushpin: on a message makes you a participant, asked for feedback when it closes', async () => {
    const row = await declare(h, 'UALICE', { title: 'Marked by others', commander: 'UALICE', severity: 'SEV3' });
    const ch = row.channel_id;
    const a = await h.emulator.postUserMessage({ user: 'UALICE', channel: ch, text: 'The queue is backing up' });
    const b = await h.emulator.postUserMessage({ user: 'UALICE', channel: ch, text: 'Drained it by hand' });
    // Bob and Carol come in by themselves and only mark what matters: they never write.
    await h.emulator.joinChannel({ user: 'UBOB', channel: ch });
    await h.emulator.joinChannel({ user: 'UCAROL', channel: ch });
    await h.emulator.joinChannel({ user: 'UDAVE', channel: ch });
    await h.emulator.pinMessage({ user: 'UBOB', channel: ch, ts: a.ts });
    await h.emulator.addReaction({ user: 'UCAROL', channel: ch, ts: b.ts, name: 'pushpin' });
    // Dave reacts with something else: that is not marking anything.
    await h.emulator.addReaction({ user: 'UDAVE', channel: ch, ts: b.ts, name: 'eyes' });
    await h.bot.idle();
    const markers = await h.db
      .selectFrom('incident_markers')
      .select('user_id')
      .where('incident_id', '=', row.id)
      .orderBy('user_id')
      .execute();
    expect(markers.map((m) => m.user_id)).toEqual(['UBOB', 'UCAROL']);

    for (const step of ['status investigating', 'status monitoring', 'resolve Fixed', 'close'])
      await run(h, 'UALICE', ch, step);
    await h.bot.idle();
    const asked = (user: string) =>
      ws()
        .dmsTo(user)
        .some((m) => m.text.includes(`INC-${row.number}`) && m.text.includes('is closed'));
    expect([asked('UALICE'), asked('UBOB'), asked('UCAROL'), asked('UDAVE')]).toEqual([true, true, true, false]);
  });

  test('a pin and a :pushpin: are confirmed on the message by the bot, once, even when the event is delivered again', async () => {
    const row = await declare(h, 'UALICE', { title: 'Confirm marks', commander: 'UALICE' });
    const ch = row.channel_id;
    const a = await h.emulator.postUserMessage({ user: 'UALICE', channel: ch, text: 'Root cause: expired cert' });
    const b = await h.emulator.postUserMessage({ user: 'UALICE', channel: ch, text: 'Rotated the cert' });
    await run(h, 'UALICE', ch, 'invite <@UBOB> <@UCAROL>');
    await h.emulator.pinMessage({ user: 'UALICE', channel: ch, ts: a.ts });
    await h.emulator.addReaction({ user: 'UBOB', channel: ch, ts: b.ts, name: 'pushpin' });
    await h.bot.idle();
    // Slack redelivers every event it sent (a retry after a lost answer), and someone else pins b too.
    await h.emulator.redeliverEvents();
    await h.emulator.pinMessage({ user: 'UCAROL', channel: ch, ts: b.ts });
    await h.bot.idle();
    const botReactions = (ts: string) =>
      ws()
        .findMessage(ch, ts)!
        .reactions.filter((r) => r.users.includes(ws().botUserId))
        .map((r) => r.name);
    expect(botReactions(a.ts)).toEqual(['white_check_mark']);
    expect(botReactions(b.ts)).toEqual(['white_check_mark']);
    const adds = ws()
      .callsTo('reactions.add')
      .filter((c) => c.args.channel === ch);
    expect(adds).toHaveLength(2);
  });

  test('/incident note is posted in the channel; one the next digest will carry says so', async () => {
    const quiet = await declare(h, 'UALICE', { title: 'No digest here', commander: 'UALICE', severity: 'SEV3' });
    const before = botPosts(quiet.channel_id).length;
    const r = await run(h, 'UALICE', quiet.channel_id, 'note Customer ACME confirmed the fix');
    expect(r.replies).toEqual([]);
    const posted = botPosts(quiet.channel_id).slice(before);
    expect(posted.map((m) => m.text)).toEqual([
      ':memo: <@UALICE> added a note to the key timeline: Customer ACME confirmed the fix',
    ]);

    // SEV2 has a stakeholder digest and the announcement channel receives it.
    const loud = await declare(h, 'UALICE', { title: 'Digest carries notes', commander: 'UALICE', severity: 'SEV2' });
    await run(h, 'UALICE', loud.channel_id, 'note Rolled back to 4.2');
    const note = botPosts(loud.channel_id).at(-1)!;
    expect(note.text).toContain('Rolled back to 4.2');
    expect(note.text).toContain('Stakeholders will read this as the latest update in their next digest');
    expect(botPosts(loud.channel_id).filter((m) => m.text.includes('Rolled back to 4.2'))).toHaveLength(1);
  });

  test('/incident followup is posted in the channel and its owner gets a DM with a Done button that works', async () => {
    const row = await declare(h, 'UALICE', { title: 'Follow-up owners', commander: 'UALICE' });
    await run(h, 'UALICE', row.channel_id, 'invite <@UBOB>');
    const r = await run(h, 'UALICE', row.channel_id, 'followup Add a latency alert <@UBOB> due 2099-01-02');
    expect(r.replies).toEqual([]);
    expect(botPosts(row.channel_id).at(-1)!.text).toBe(
      ':ballot_box_with_check: <@UALICE> added a follow-up: Add a latency alert (owner <@UBOB>, due <!date^4071038400^{date_short_pretty}|2099-01-02>). `/incident followups` lists them.',
    );
    const dms = ws()
      .dmsTo('UBOB')
      .filter((m) => m.text.includes('Add a latency alert'));
    expect(dms).toHaveLength(1);
    expect(dms[0].text).toContain(`INC-${row.number}`);
    expect(dms[0].text).toContain('Follow-up owners');
    const id = (
      await h.db.selectFrom('followups').select('id').where('incident_id', '=', row.id).executeTakeFirstOrThrow()
    ).id;
    const res = await h.emulator.clickButton({
      user: 'UBOB',
      channel: dms[0].channel,
      messageTs: dms[0].ts,
      actionId: FOLLOWUP_DM_DONE_BUTTON,
      value: String(id),
    });
    expect(res.status).toBe(200);
    await h.bot.idle();
    const f = await h.db.selectFrom('followups').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect([f.status, f.done_by]).toEqual(['done', 'UBOB']);
    expect(ws().findMessage(dms[0].channel, dms[0].ts)!.text).toContain('Done: Add a latency alert');
  });

  test('a DM Done button finishes only the clicker’s own follow-ups', async () => {
    const row = await declare(h, 'UALICE', { title: 'Not yours', commander: 'UALICE' });
    await run(h, 'UALICE', row.channel_id, 'followup Renew the cert <@UALICE>');
    const dm = ws()
      .dmsTo('UALICE')
      .filter((m) => m.text.includes('Renew the cert'))
      .at(-1)!;
    const id = (
      await h.db.selectFrom('followups').select('id').where('incident_id', '=', row.id).executeTakeFirstOrThrow()
    ).id;
    const seen = ws().ephemeralsFor('UBOB').length;
    await h.emulator.clickButton({
      user: 'UBOB',
      channel: dm.channel,
      messageTs: dm.ts,
      actionId: FOLLOWUP_DM_DONE_BUTTON,
      value: String(id),
    });
    await h.bot.idle();
    expect(
      (await h.db.selectFrom('followups').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status,
    ).toBe('open');
    expect(ws().ephemeralsFor('UBOB').length).toBeGreaterThan(seen);
  });

  test('the owner of a private incident’s follow-up who is not one of its people gets a DM without its title or text', async () => {
    const row = await declare(h, 'UALICE', { title: 'Secret export leak', commander: 'UALICE', private: true });
    await run(h, 'UALICE', row.channel_id, 'followup Rotate the export key <@UDAVE>');
    const dms = ws()
      .dmsTo('UDAVE')
      .filter((m) => m.text.includes(`INC-${row.number}`));
    expect(dms).toHaveLength(1);
    expect(dms[0].text).not.toContain('Secret export leak');
    expect(dms[0].text).not.toContain('Rotate the export key');
    expect(JSON.stringify(dms[0].blocks)).not.toContain(FOLLOWUP_DM_DONE_BUTTON);
    // The channel itself sees the follow-up in full.
    expect(botPosts(row.channel_id).at(-1)!.text).toContain('Rotate the export key');
  });

  test('owners of a published review’s action items get the same DM; the channel has the review, not one post per item', async () => {
    const row = await declareAndResolve(h, 'UALICE', { title: 'Review owners' });
    const before = new Set(
      ws()
        .openViews('UALICE')
        .map((v) => v.id),
    );
    await run(h, 'UALICE', row.channel_id, 'review');
    const view = await h.emulator.waitFor(() =>
      ws()
        .openViews('UALICE')
        .find((v) => !before.has(v.id) && v.view.callback_id === 'firebreak_review'),
    );
    const answers = {
      summary: 'Checkout failed',
      customerImpact: 'Orders failed',
      rootCause: 'Bad flag',
      actionItems: 'Add a canary stage <@UBOB>\nAlert on errors',
    };
    expect((await h.emulator.submitView({ user: 'UALICE', viewId: view.id, values: answers })).body).toBe('');
    await h.bot.idle();
    const bob = ws()
      .dmsTo('UBOB')
      .filter((m) => m.text.includes('Add a canary stage'));
    expect(bob).toHaveLength(1);
    expect(JSON.stringify(bob[0].blocks)).toContain(FOLLOWUP_DM_DONE_BUTTON);
    expect(botPosts(row.channel_id).filter((m) => m.text.includes('added a follow-up'))).toEqual([]);
  });
});
