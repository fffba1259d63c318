import { FEEDBACK_FIELDS as F, FEEDBACK_BUTTON } from '../../../src/features/feedback/feedback.ids';
import { declare, declareAndResolve, type Harness, run, startHarness, submitRaw } from '../../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.stop());

const ws = () => h.emulator.workspace;
const asks = (user: string, n: number) =>
  ws()
    .dmsTo(user)
    .filter((m) => m.text.includes(`INC-${n}`) && m.text.includes('is closed'));

async function closeSev3(title: string, invite = true) {
  const row = await declareAndResolve(h, 'UALICE', { title, severity: 'SEV3' });
  if (invite) await run(h, 'UALICE', row.channel_id, 'invite <@UBOB> <@UCAROL>');
  await run(h, 'UALICE', row.channel_id, 'close');
  await h.bot.idle();
  return row;
}

async function openForm(user: string, incident: number) {
  const dm = asks(user, incident).at(-1)!;
  const before = new Set(
    ws()
      .openViews(user)
      .map((v) => v.id),
  );
  await h.emulator.clickButton({
    user,
    channel: dm.channel,
    messageTs: dm.ts,
    actionId: FEEDBACK_BUTTON,
    value: String(incident),
  });
  return h.emulator.waitFor(() =>
    ws()
      .openViews(user)
      .find((v) => !before.has(v.id) && v.view.callback_id === 'firebreak_feedback'),
  );
}

const answer = (rating: string | null, change?: string) => ({
  ...(rating === null ? {} : { [F.rating.action]: rating }),
  ...(change === undefined ? {} : { [F.change.action]: change }),
});

const stored = (incidentId: number) =>
  h.db.selectFrom('incident_feedback').selectAll().where('incident_id', '=', incidentId).orderBy('user_id').execute();

describe('feedback after close', () => {
  test('each participant gets one DM; button → modal → submit stores the answer; resubmitting updates it', async () => {
    const row = await closeSev3('Queue backlog');
    for (const user of ['UALICE', 'UBOB', 'UCAROL']) expect(asks(user, row.number)).toHaveLength(1);
    expect((await stored(row.id)).map((r) => r.user_id)).toEqual(['UALICE', 'UBOB', 'UCAROL']);

    const view = await openForm('UBOB', row.number);
    const labels = (view.view.blocks ?? []).filter((b) => b.type === 'input').map((b) => b.label?.text);
    expect(labels).toEqual(['How well did the incident process work?', 'What should change?']);
    const res = await h.emulator.submitView({
      user: 'UBOB',
      viewId: view.id,
      values: answer('4', 'Page the DBA sooner'),
    });
    expect(res.body).toBe('');
    await h.bot.idle();
    const bob = (await stored(row.id)).find((r) => r.user_id === 'UBOB')!;
    expect([bob.rating, bob.change]).toEqual([4, 'Page the DBA sooner']);
    // The DM itself now says the answer is in (no second message), and its button lets Bob change it.
    const dms = asks('UBOB', row.number);
    expect(dms).toHaveLength(1);
    expect(dms[0].text).toContain('Thanks, your feedback');
    expect(JSON.stringify(dms[0].blocks)).toContain('Change my answer');

    // A replay of the same submission changes nothing twice.
    const firstAnsweredAt = bob.answered_at;
    await submitRaw(h, 'UBOB', view.id, answer('1', 'replayed'));
    const replayed = (await stored(row.id)).find((r) => r.user_id === 'UBOB')!;
    expect([replayed.rating, replayed.change, replayed.answered_at]).toEqual([
      4,
      'Page the DBA sooner',
      firstAnsweredAt,
    ]);

    const again = await openForm('UBOB', row.number);
    await h.emulator.submitView({ user: 'UBOB', viewId: again.id, values: answer('2') });
    const updated = (await stored(row.id)).find((r) => r.user_id === 'UBOB')!;
    expect([updated.rating, updated.change]).toEqual([2, null]);
  });

  test('bad answers are refused with a clear error and store nothing', async () => {
    const row = await closeSev3('Disk full', false);
    const view = await openForm('UALICE', row.number);
    const missing = await submitRaw(h, 'UALICE', view.id, answer(null, 'No rating'));
    expect(JSON.stringify(missing.body)).toContain('Pick how well the process worked');
    const long = await submitRaw(h, 'UALICE', view.id, answer('3', 'x'.repeat(5000)));
    expect(JSON.stringify(long.body)).toContain('Keep it under');
    // Someone who was not a participant (e.g. a forwarded form) is told so.
    const stranger = await submitRaw(h, 'UDAVE', view.id, answer('5'));
    expect(JSON.stringify(stranger.body)).toContain('Only the participants of that incident');
    expect((await stored(row.id)).map((r) => [r.user_id, r.rating])).toEqual([['UALICE', null]]);
  });

  test('a review published after the answers carries them in its feedback appendix', async () => {
    const row = await declareAndResolve(h, 'UALICE', { title: 'Cache stampede', severity: 'SEV3' });
    await run(h, 'UALICE', row.channel_id, 'invite <@UBOB>');
    await run(h, 'UALICE', row.channel_id, 'review');
    const review = await h.emulator.waitFor(() =>
      ws()
        .openViews('UALICE')
        .find((v) => v.view.callback_id === 'firebreak_review'),
    );
    await run(h, 'UALICE', row.channel_id, 'close');
    await h.bot.idle();
    const form = await openForm('UBOB', row.number);
    await h.emulator.submitView({
      user: 'UBOB',
      viewId: form.id,
      values: answer('3', 'Warm the cache | before deploys'),
    });

    // The review form left open before the close is published now: the document is generated again.
    await h.emulator.submitView({ user: 'UALICE', viewId: review.id, values: { summary: 'Cache expired at once' } });
    await h.bot.idle();
    const doc = (
      await h.db.selectFrom('reviews').select('document').where('incident_id', '=', row.id).executeTakeFirstOrThrow()
    ).document!;
    expect(doc).toContain('## Appendix: feedback');
    expect(doc).toMatch(/\| 3\/5 \| Warm the cache \\\| before deploys \|/);
  });

  test('answers arriving after a review was published and the channel archived refresh the stored document, posting nothing', async () => {
    const row = await declareAndResolve(h, 'UALICE', { title: 'Certificate expired', severity: 'SEV3' });
    await run(h, 'UALICE', row.channel_id, 'invite <@UBOB>');
    await run(h, 'UALICE', row.channel_id, 'review');
    const review = await h.emulator.waitFor(() =>
      ws()
        .openViews('UALICE')
        .find((v) => v.view.callback_id === 'firebreak_review'),
    );
    await h.emulator.submitView({
      user: 'UALICE',
      viewId: review.id,
      values: { summary: 'The cert renewal job was off' },
    });
    await run(h, 'UALICE', row.channel_id, 'close');
    await h.bot.idle();
    const document = async () =>
      (await h.db.selectFrom('reviews').select('document').where('incident_id', '=', row.id).executeTakeFirstOrThrow())
        .document!;
    expect(await document()).not.toContain('## Appendix: feedback');
    const uploads = ws().callsTo('files.completeUploadExternal').length;

    // Two answers at once: neither refresh may store a document that lacks the other.
    const [alice, bob] = [await openForm('UALICE', row.number), await openForm('UBOB', row.number)];
    await Promise.all([
      h.emulator.submitView({ user: 'UALICE', viewId: alice.id, values: answer('5') }),
      h.emulator.submitView({ user: 'UBOB', viewId: bob.id, values: answer('2', 'Alert before expiry') }),
    ]);
    await h.bot.idle();
    const doc = await document();
    expect(doc).toContain('## Appendix: feedback');
    expect(doc).toContain('| 5/5 |');
    expect(doc).toMatch(/\| 2\/5 \| Alert before expiry \|/);
    expect(doc).toContain('The cert renewal job was off');
    // The archived channel gets nothing.
    expect(ws().callsTo('files.completeUploadExternal').length).toBe(uploads);
  });

  test('a retried delivery DMs nobody twice; cancelled incidents ask nobody', async () => {
    h.emulator.failNext('chat.postMessage', { status: 503 }, 1);
    const row = await closeSev3('Flaky DNS');
    // The refused post backs off (a second, on this real clock) with the incident's later notices queued
    // behind it: bot.idle() does not wait for those, so wait for the asks, then for anything still claimable.
    await h.emulator.waitFor(() => ['UALICE', 'UBOB', 'UCAROL'].every((user) => asks(user, row.number).length > 0));
    await h.bot.idle();
    for (const user of ['UALICE', 'UBOB', 'UCAROL']) expect(asks(user, row.number)).toHaveLength(1);

    const cancelled = await declare(h, 'UALICE', { title: 'False alarm', severity: 'SEV3', commander: 'UALICE' });
    await run(h, 'UALICE', cancelled.channel_id, 'cancel Not real');
    await h.bot.idle();
    expect(
      (await h.db.selectFrom('incidents').select('status').where('id', '=', cancelled.id).executeTakeFirstOrThrow())
        .status,
    ).toBe('cancelled');
    expect(await stored(cancelled.id)).toEqual([]);
    expect(asks('UALICE', cancelled.number)).toEqual([]);
  });
});
