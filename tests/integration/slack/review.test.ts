import { signedHeaders } from '@firebreak/slack-emulator/client';
import { reviewDocument } from '../../../src/cli/review';
import { emptyAnswers } from '../../../src/domain/review';
import { FEEDBACK_BUTTON, FEEDBACK_FIELDS } from '../../../src/features/feedback/feedback.ids';
import { FOLLOWUP_DONE_BUTTON } from '../../../src/features/followups/followups.ids';
import { REVIEW_DRAFT, reviewBlockId } from '../../../src/features/review/review.ids';
import { PgReviewRepository } from '../../../src/features/review/review.repository';
import { REVIEW_BUTTON } from '../../../src/kernel/slack/ids';
import { declare, declareAndResolve, type Harness, run, SIGNING_SECRET, startHarness } from '../../support/harness';
import { openReview as openReviewIn } from '../../support/review-form';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.stop());

const ws = () => h.emulator.workspace;

const openReview = (user: string, channel: string) => openReviewIn(h, user, channel);

const ANSWERS = {
  summary: 'Checkout failed for 40 minutes after a bad deploy',
  customerImpact: '12% of orders failed',
  rootCause: 'A config flag # heading | pipe <script>alert(1)</script>',
  contributingFactors: 'No canary',
  detection: 'Alert on error rate',
  wentWell: 'Fast rollback',
  wentBadly: 'Paging was slow',
  lessons: 'Canary every deploy',
  actionItems: 'Add a canary stage <@UBOB> due 2026-12-15\nAlert on checkout errors\n- Write the runbook <@UCAROL>',
};

describe('post-incident review', () => {
  test('is refused before the incident is resolved', async () => {
    const row = await declare(h, 'UALICE', { title: 'Too early', severity: 'SEV3', commander: 'UALICE' });
    const { replies } = await run(h, 'UALICE', row.channel_id, 'review');
    expect(replies.join()).toContain('written after the incident is resolved');
    expect(
      ws()
        .openViews('UALICE')
        .filter((v) => v.view.callback_id === 'firebreak_review'),
    ).toEqual([]);
  });

  test('publishing generates the document, uploads it, announces it and creates follow-ups; close is refused until then', async () => {
    const row = await declareAndResolve(h, 'UALICE', { title: 'Checkout down', summary: 'Orders failing' });
    const ch = row.channel_id;
    await h.emulator.postUserMessage({ user: 'UALICE', channel: ch, text: 'Rolled back release 42' });

    const refused = await run(h, 'UALICE', ch, 'close');
    expect(refused.replies.join()).toContain('needs a post-incident review before closing');
    expect(
      (await h.db.selectFrom('incidents').select('status').where('id', '=', row.id).executeTakeFirstOrThrow()).status,
    ).toBe('resolved');

    const view = await openReview('UALICE', ch);
    const labels = (view.view.blocks ?? []).filter((b) => b.type === 'input').map((b) => b.label?.text);
    expect(labels).toEqual([
      'Summary',
      'Customer impact',
      'Root cause',
      'Contributing factors',
      'Detection',
      'What went well',
      'What went badly',
      'Lessons',
      'Action items',
      'Save as draft',
    ]);
    expect(view.view.blocks?.find((b) => b.block_id === reviewBlockId('summary'))?.element?.initial_value).toBe(
      'Orders failing',
    );

    const res = await h.emulator.submitView({ user: 'UALICE', viewId: view.id, values: ANSWERS });
    expect(res.body).toBe('');
    await h.bot.idle();

    const review = await h.db
      .selectFrom('reviews')
      .selectAll()
      .where('incident_id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(review.status).toBe('submitted');
    const doc = review.document!;
    expect(doc).toContain(`INC-${row.number}`);
    expect(doc).toContain('Checkout down');
    expect(doc).toContain('12% of orders failed');
    expect(doc).toContain('Rolled back release 42');
    expect(doc).not.toMatch(/^# heading/m);
    expect(doc).not.toContain('<script>');

    const file = [...ws().files.values()].find((f) => f.channels.includes(ch))!;
    expect(file.name).toBe(`INC-${row.number}-review.md`);
    expect(ws().fileContent(file.id)).toBe(doc);
    expect(
      ws()
        .messagesIn(ch)
        .some((m) => m.text.includes('published the post-incident review')),
    ).toBe(true);
    expect(review.file_permalink).toBeTruthy();
    const announcement = ws().messagesIn('CINCIDENTS').at(-1)!;
    expect(announcement.text).toContain(`post-incident review of *INC-${row.number}*`);
    expect(announcement.text).toContain(review.file_permalink!);

    const followups = await h.db
      .selectFrom('followups')
      .selectAll()
      .where('incident_id', '=', row.id)
      .orderBy('id')
      .execute();
    expect(followups.map((f) => [f.text, f.owner, f.due, f.source])).toEqual([
      ['Add a canary stage', 'UBOB', '2026-12-15', 'review'],
      ['Alert on checkout errors', null, null, 'review'],
      ['Write the runbook', 'UCAROL', null, 'review'],
    ]);

    // Publishing again replaces the document but does not duplicate the action items.
    const again = await openReview('UALICE', ch);
    expect(again.view.blocks?.find((b) => b.block_id === reviewBlockId('rootCause'))?.element?.initial_value).toBe(
      ANSWERS.rootCause,
    );
    await h.emulator.submitView({
      user: 'UALICE',
      viewId: again.id,
      values: { ...ANSWERS, lessons: 'Canary every deploy, always' },
    });
    await h.bot.idle();
    expect(await h.db.selectFrom('followups').selectAll().where('incident_id', '=', row.id).execute()).toHaveLength(3);

    // `npm run review -- INC-n` prints the stored document.
    expect(await reviewDocument(h.database.url, `INC-${row.number}`)).toContain('Canary every deploy, always');

    const closed = await run(h, 'UALICE', ch, 'close');
    expect(closed.replies).toEqual([]);
    const after = await h.db.selectFrom('incidents').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(after.status).toBe('closed');
    expect(after.closed_at).toBeInstanceOf(Date);
    expect(ws().channels.get(ch)!.isArchived).toBe(true);
    expect(ws().messagesIn(ch).at(-1)!.text).toContain('closed the incident');
    expect(ws().messagesIn('CINCIDENTS').at(-1)!.text).toContain(`*INC-${row.number}* (Checkout down) is closed`);
  });

  test('a draft is saved and reopened; a bad due date is a field error', async () => {
    const row = await declareAndResolve(h, 'UBOB', { title: 'Draft flow' });
    const view = await openReview('UBOB', row.channel_id);
    const bad = await h.emulator.submitView({
      user: 'UBOB',
      viewId: view.id,
      values: { actionItems: 'Fix it due 2026-13-45' },
    });
    expect(bad.body).toEqual({
      response_action: 'errors',
      errors: { [reviewBlockId('actionItems')]: expect.stringContaining('2026-13-45') },
    });

    await h.emulator.submitView({
      user: 'UBOB',
      viewId: view.id,
      values: { rootCause: 'Half-understood', actionItems: '', [REVIEW_DRAFT.action]: [REVIEW_DRAFT.value] },
    });
    await h.bot.idle();
    const saved = await h.db
      .selectFrom('reviews')
      .selectAll()
      .where('incident_id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(saved.status).toBe('draft');
    expect(saved.document).toBeNull();
    expect([...ws().files.values()].some((f) => f.channels.includes(row.channel_id))).toBe(false);

    const reopened = await openReview('UBOB', row.channel_id);
    expect(reopened.view.blocks?.find((b) => b.block_id === reviewBlockId('rootCause'))?.element?.initial_value).toBe(
      'Half-understood',
    );
    const stillRefused = await run(h, 'UBOB', row.channel_id, 'close');
    expect(stillRefused.replies.join()).toContain('needs a post-incident review');
  });

  test('a draft is refused once the review is published: the stored document, its answers and what was posted stay as published', async () => {
    const row = await declareAndResolve(h, 'UCAROL', { title: 'Published then drafted' });
    const ch = row.channel_id;
    await run(h, 'UCAROL', ch, 'invite <@UDAVE>');
    // Dave opens the form before Carol publishes, and saves his draft after.
    const stale = await openReview('UDAVE', ch);
    const form = await openReview('UCAROL', ch);
    await h.emulator.submitView({ user: 'UCAROL', viewId: form.id, values: { ...ANSWERS, actionItems: '' } });
    await h.bot.idle();
    const published = await h.db
      .selectFrom('reviews')
      .selectAll()
      .where('incident_id', '=', row.id)
      .executeTakeFirstOrThrow();
    const printed = await reviewDocument(h.database.url, `INC-${row.number}`);
    const posted = () => ({
      files: [...ws().files.values()].filter((f) => f.channels.includes(ch)).length,
      messages: ws().messagesIn(ch).length,
    });
    const postedBefore = posted();

    const refused = await h.emulator.submitView({
      user: 'UDAVE',
      viewId: stale.id,
      values: {
        ...ANSWERS,
        rootCause: 'Rewritten in a draft',
        actionItems: '',
        [REVIEW_DRAFT.action]: [REVIEW_DRAFT.value],
      },
    });
    expect(refused.body).toEqual({
      response_action: 'errors',
      errors: {
        [reviewBlockId('summary')]: expect.stringContaining('already published, so it cannot be saved as a draft'),
      },
    });
    await h.bot.idle();
    expect(
      await h.db.selectFrom('reviews').selectAll().where('incident_id', '=', row.id).executeTakeFirstOrThrow(),
    ).toEqual(published);
    expect(await reviewDocument(h.database.url, `INC-${row.number}`)).toBe(printed);
    expect(posted()).toEqual(postedBefore);
    // A draft write racing the publish loses too: it never overwrites a published row.
    const draft = {
      incidentId: row.id,
      answers: { ...emptyAnswers(), rootCause: 'Rewritten in a draft' },
      updatedBy: 'UDAVE',
      updatedAt: new Date(),
    };
    expect(await new PgReviewRepository(h.db).saveDraft(draft)).toBe(false);
    expect(
      await h.db.selectFrom('reviews').selectAll().where('incident_id', '=', row.id).executeTakeFirstOrThrow(),
    ).toEqual(published);

    // The form of a published review offers no draft: only Publish again.
    const reopened = await openReview('UDAVE', ch);
    expect((reopened.view.blocks ?? []).some((b) => b.block_id === REVIEW_DRAFT.block)).toBe(false);
    expect(reopened.view.submit?.text).toBe('Publish again');

    // Feedback after the close renders the stored document again, from the published answers.
    await run(h, 'UCAROL', ch, 'close');
    await h.bot.idle();
    const ask = ws()
      .dmsTo('UDAVE')
      .findLast((m) => m.text.includes(`INC-${row.number}`) && m.text.includes('is closed'))!;
    await h.emulator.clickButton({
      user: 'UDAVE',
      channel: ask.channel,
      messageTs: ask.ts,
      actionId: FEEDBACK_BUTTON,
      value: String(row.number),
    });
    const feedback = await h.emulator.waitFor(() =>
      ws()
        .openViews('UDAVE')
        .find((v) => v.view.callback_id === 'firebreak_feedback'),
    );
    await h.emulator.submitView({
      user: 'UDAVE',
      viewId: feedback.id,
      values: { [FEEDBACK_FIELDS.rating.action]: '4' },
    });
    await h.bot.idle();
    const refreshed = await reviewDocument(h.database.url, `INC-${row.number}`);
    expect(refreshed).toContain('| 4/5 |');
    expect(refreshed).toContain(ANSWERS.customerImpact);
    expect(refreshed).not.toContain('Rewritten in a draft');
  });

  test('the button on the resolve message opens the review', async () => {
    const row = await declareAndResolve(h, 'UCAROL', { title: 'Button flow' });
    const resolved = ws()
      .messagesIn(row.channel_id)
      .find((m) => m.text.includes('resolved the incident'))!;
    await h.emulator.clickButton({
      user: 'UCAROL',
      channel: row.channel_id,
      messageTs: resolved.ts,
      actionId: REVIEW_BUTTON,
    });
    await h.bot.idle();
    expect(
      ws()
        .openViews('UCAROL')
        .some((v) => v.view.callback_id === 'firebreak_review'),
    ).toBe(true);
  });

  test('a severity without a required review closes straight away', async () => {
    const row = await declareAndResolve(h, 'UDAVE', { title: 'Minor one', severity: 'SEV4' });
    await run(h, 'UDAVE', row.channel_id, 'close');
    expect(
      (await h.db.selectFrom('incidents').select('status').where('id', '=', row.id).executeTakeFirstOrThrow()).status,
    ).toBe('closed');
    expect(ws().channels.get(row.channel_id)!.isArchived).toBe(true);
  });

  test('commands reaching an archived channel get an answer, never a crash', async () => {
    const row = await declareAndResolve(h, 'UDAVE', { title: 'Archived elsewhere', severity: 'SEV4' });
    await run(h, 'UDAVE', row.channel_id, 'close');
    const body = new URLSearchParams({
      command: '/incident',
      text: 'status investigating',
      user_id: 'UDAVE',
      channel_id: row.channel_id,
      team_id: 'T0001',
      trigger_id: 't.1',
      response_url: `${h.emulator.url}/nowhere`,
    }).toString();
    const res = await h.emulator.sendRaw(
      body,
      signedHeaders(SIGNING_SECRET, body, 'application/x-www-form-urlencoded'),
    );
    expect(res.status).toBe(200);
    await h.bot.idle();
    expect(
      (await h.db.selectFrom('incidents').select('status').where('id', '=', row.id).executeTakeFirstOrThrow()).status,
    ).toBe('closed');
  });
});

describe('follow-ups', () => {
  test('added by command, listed with Done buttons, marked done; they outlive the incident', async () => {
    const row = await declare(h, 'UALICE', { title: 'Follow-up flow', commander: 'UALICE' });
    const ch = row.channel_id;
    await run(h, 'UALICE', ch, 'followup Rotate the keys <@UBOB> due 2026-12-01');
    expect(h.emulator.workspace.messagesIn(ch).at(-1)!.text).toContain(
      'added a follow-up: Rotate the keys (owner <@UBOB>, due <!date^1796126400^{date_short_pretty}|2026-12-01>)',
    );
    await run(h, 'UALICE', ch, 'followup Update the runbook');
    const bad = await run(h, 'UALICE', ch, 'followup Something due tomorrow');
    expect(bad.ack.text).toContain('is not a date');

    const list = await run(h, 'UALICE', ch, 'followups');
    expect(list.replies.join()).toContain('2 open, 0 done');
    const message = list.raw[0];
    const first = await h.db
      .selectFrom('followups')
      .selectAll()
      .where('incident_id', '=', row.id)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await h.emulator.clickButton({
      user: 'UALICE',
      channel: ch,
      messageTs: message.ts,
      actionId: FOLLOWUP_DONE_BUTTON,
      value: String(first.id),
    });
    await h.bot.idle();
    const done = await h.db.selectFrom('followups').selectAll().where('id', '=', first.id).executeTakeFirstOrThrow();
    expect(done).toMatchObject({ status: 'done', done_by: 'UALICE' });
    const redrawn = ws().ephemeralsFor('UALICE').at(-1)!;
    expect(JSON.stringify(redrawn.blocks)).toContain('1 open, 1 done');
  });
});
