// A review you can trust: what a required review must say before it is published,
// owners named as people type them, and action items that repeat no follow-up.
import { REVIEW_DRAFT, reviewBlockId } from '../../../src/features/review/review.ids';
import { declareAndResolve, type Harness, run, startHarness } from '../../support/harness';
import { openReview as openReviewIn } from '../../support/review-form';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.stop());

const openReview = (user: string, channel: string) => openReviewIn(h, user, channel);

const ANSWERED = {
  summary: 'Checkout failed after a deploy',
  customerImpact: '12% of orders failed',
  rootCause: 'A timeout in seconds read as ms',
};
const review = (incidentId: number) =>
  h.db.selectFrom('reviews').selectAll().where('incident_id', '=', incidentId).executeTakeFirst();
const followups = (incidentId: number) =>
  h.db.selectFrom('followups').selectAll().where('incident_id', '=', incidentId).orderBy('id').execute();
const hintOf = (view: Awaited<ReturnType<typeof openReview>>, q: string) =>
  view.view.blocks?.find((b) => b.block_id === reviewBlockId(q))?.hint?.text;

describe('a required review', () => {
  test('cannot be published with what happened, its impact or its cause unanswered; a draft still can', async () => {
    const row = await declareAndResolve(h, 'UALICE', { title: 'Blank review', summary: '' });
    const view = await openReview('UALICE', row.channel_id);
    expect(hintOf(view, 'summary')).toContain('Needed to publish');
    expect(hintOf(view, 'rootCause')).toContain('Needed to publish');
    expect(hintOf(view, 'lessons')).toBeUndefined();

    const blank = await h.emulator.submitView({
      user: 'UALICE',
      viewId: view.id,
      values: { summary: '  ', lessons: 'Deploy on Fridays less', actionItems: '' },
    });
    const missing = expect.stringContaining('A SEV2 review needs this answered before it is published');
    expect(blank.body).toEqual({
      response_action: 'errors',
      errors: {
        [reviewBlockId('summary')]: missing,
        [reviewBlockId('customerImpact')]: missing,
        [reviewBlockId('rootCause')]: missing,
      },
    });
    const partial = await h.emulator.submitView({
      user: 'UALICE',
      viewId: view.id,
      values: { ...ANSWERED, customerImpact: '' },
    });
    expect(partial.body).toEqual({ response_action: 'errors', errors: { [reviewBlockId('customerImpact')]: missing } });
    await h.bot.idle();
    expect(await review(row.id)).toBeUndefined();
    expect([...h.emulator.workspace.files.values()].some((f) => f.channels.includes(row.channel_id))).toBe(false);
    expect((await run(h, 'UALICE', row.channel_id, 'close')).replies.join()).toContain('needs a post-incident review');

    // A draft keeps what was written, blanks and all.
    await h.emulator.submitView({
      user: 'UALICE',
      viewId: view.id,
      values: { lessons: 'Deploy on Fridays less', [REVIEW_DRAFT.action]: [REVIEW_DRAFT.value] },
    });
    await h.bot.idle();
    expect((await review(row.id))?.status).toBe('draft');

    const again = await openReview('UALICE', row.channel_id);
    const done = await h.emulator.submitView({
      user: 'UALICE',
      viewId: again.id,
      values: { ...ANSWERED, lessons: 'Deploy on Fridays less' },
    });
    expect(done.body).toBe('');
    await h.bot.idle();
    expect((await review(row.id))?.status).toBe('submitted');
  });

  test('a severity that requires no review publishes with blank sections', async () => {
    const row = await declareAndResolve(h, 'UBOB', { title: 'Minor blank', severity: 'SEV4', summary: '' });
    const view = await openReview('UBOB', row.channel_id);
    expect(hintOf(view, 'summary')).toBeUndefined();
    const res = await h.emulator.submitView({ user: 'UBOB', viewId: view.id, values: { lessons: 'Nothing much' } });
    expect(res.body).toBe('');
    await h.bot.idle();
    expect((await review(row.id))?.status).toBe('submitted');
  });
});

describe('action-item owners', () => {
  test('typed as @username, @display name or @fullname resolve to the person; the hint says so', async () => {
    const row = await declareAndResolve(h, 'UCAROL', { title: 'Owners by name' });
    const view = await openReview('UCAROL', row.channel_id);
    expect(hintOf(view, 'actionItems')).toContain('@ and their Slack username or display name');
    const res = await h.emulator.submitView({
      user: 'UCAROL',
      viewId: view.id,
      values: {
        ...ANSWERED,
        actionItems:
          'Add a canary stage @bob due 2026-12-15\n- Write the runbook @Carol\nPage sooner @DaveDiaz\nMail ops@example.com about it',
      },
    });
    expect(res.body).toBe('');
    await h.bot.idle();
    expect((await followups(row.id)).map((f) => [f.text, f.owner, f.due])).toEqual([
      ['Add a canary stage', 'UBOB', '2026-12-15'],
      ['Write the runbook', 'UCAROL', null],
      ['Page sooner', 'UDAVE', null],
      ['Mail ops@example.com about it', null, null],
    ]);
    const doc = (await review(row.id))!.document!;
    expect(doc).toContain('| Add a canary stage | @bob | 2026-12-15 |');
    expect(doc).toContain('| Page sooner | @dave | — |');
  });

  test('a name that matches no one is a field error naming it, and nothing is published', async () => {
    const row = await declareAndResolve(h, 'UDAVE', { title: 'Unknown owner' });
    const view = await openReview('UDAVE', row.channel_id);
    const res = await h.emulator.submitView({
      user: 'UDAVE',
      viewId: view.id,
      values: { ...ANSWERED, actionItems: 'Fix the alert @bobby\nAdd a canary @bob' },
    });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: { [reviewBlockId('actionItems')]: expect.stringContaining('No one in this workspace goes by @bobby.') },
    });
    await h.bot.idle();
    expect(await review(row.id)).toBeUndefined();
    expect(await followups(row.id)).toEqual([]);
  });
});

describe('action items', () => {
  test('that repeat a follow-up of the incident (case and spaces aside) are not added again', async () => {
    const row = await declareAndResolve(h, 'UALICE', { title: 'Repeated follow-ups' });
    await run(h, 'UALICE', row.channel_id, 'followup Rotate the keys');
    const view = await openReview('UALICE', row.channel_id);
    await h.emulator.submitView({
      user: 'UALICE',
      viewId: view.id,
      values: {
        ...ANSWERED,
        actionItems: 'rotate  the KEYS @bob\nAdd a canary stage\nadd a  canary stage due 2026-12-20',
      },
    });
    await h.bot.idle();
    expect((await followups(row.id)).map((f) => [f.text, f.source])).toEqual([
      ['Rotate the keys', 'command'],
      ['Add a canary stage', 'review'],
    ]);
  });
});
