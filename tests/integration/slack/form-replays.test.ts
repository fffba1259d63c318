import { signedHeaders } from '@firebreak/slack-emulator/client';
import { viewSubmission } from '@firebreak/slack-emulator/payloads';
import { buildStateValues } from '@firebreak/slack-emulator/view-state';
import { FEEDBACK_FIELDS as FB, FEEDBACK_BUTTON } from '../../../src/features/feedback/feedback.ids';
import { UPDATE_FIELDS as U } from '../../../src/features/updates/updates.ids';
import {
  declare,
  declareAndResolve,
  declareValues,
  formAnswer,
  type Harness,
  openDeclare,
  run,
  SIGNING_SECRET,
  startHarness,
} from '../../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.stop());

const ws = () => h.emulator.workspace;

/**
 * Sends a view_submission for a view Slack has already closed or replaced with its answer: what a resend or a
 * double click delivers. `rec`: the view as it was submitted, when the bot's answer has replaced it since.
 */
async function resubmit(user: string, viewId: string, values: Record<string, unknown>, rec = ws().views.get(viewId)!) {
  const state = buildStateValues(rec.view.blocks ?? [], values, { closing: true });
  const payload = viewSubmission(ws(), { ...rec, user }, state as never, ws().issueTrigger(user));
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const res = await h.emulator.sendRaw(body, signedHeaders(SIGNING_SECRET, body, 'application/x-www-form-urlencoded'));
  await h.bot.idle();
  return res;
}

describe('a form sent again says what it already did instead of closing silently', () => {
  test('a declaration names the incident and channel it made, and declares nothing new', async () => {
    const values = declareValues({ title: 'Sent twice', severity: 'SEV3' });
    const view = await openDeclare(h, 'UALICE', 'CGENERAL', 'Sent twice');
    const asSent = structuredClone(ws().views.get(view.id)!);
    const first = formAnswer(await h.emulator.submitView({ user: 'UALICE', viewId: view.id, values }));
    await h.bot.idle();
    const row = await h.db
      .selectFrom('incidents')
      .selectAll()
      .where('declare_key', '=', view.id)
      .executeTakeFirstOrThrow();

    expect(first).toContain(`INC-${row.number} is declared`);
    // The modal now shows its answer; a resend carries the form as it was.
    expect(ws().views.get(view.id)).toMatchObject({ isOpen: true, view: { blocks: [{ type: 'section' }] } });
    const again = await resubmit('UALICE', view.id, values, asSent);
    const text = formAnswer(again);
    expect(text).toContain(`INC-${row.number}`);
    expect(text).toContain(`<#${row.channel_id}>`);
    expect(text).toContain('Nothing new was declared');
    expect(await h.db.selectFrom('incidents').select('id').where('title', '=', 'Sent twice').execute()).toHaveLength(1);
  });

  test('an update says it is already posted, and posts nothing new', async () => {
    const row = await declare(h, 'UALICE', { title: 'Update sent twice', severity: 'SEV3', commander: 'UALICE' });
    await run(h, 'UALICE', row.channel_id, 'update');
    const view = ws()
      .openViews('UALICE')
      .find((v) => v.view.callback_id === 'firebreak_update')!;
    const values = { [U.text.action]: 'Said once' };
    expect((await h.emulator.submitView({ user: 'UALICE', viewId: view.id, values })).body).toBe('');
    await h.bot.idle();

    const text = formAnswer(await resubmit('UALICE', view.id, values));
    expect(text).toContain(`already sent: its update is posted in INC-${row.number}`);
    expect(
      ws()
        .messagesIn(row.channel_id)
        .filter((m) => m.text.includes('Said once')),
    ).toHaveLength(1);
  });

  test('a published review says it is published, and publishes nothing new', async () => {
    const row = await declareAndResolve(h, 'UALICE', { title: 'Review sent twice', severity: 'SEV2' });
    await run(h, 'UALICE', row.channel_id, 'review');
    const view = await h.emulator.waitFor(() =>
      ws()
        .openViews('UALICE')
        .find((v) => v.view.callback_id === 'firebreak_review'),
    );
    const values = { summary: 'Queue stalled', customerImpact: 'Orders late', rootCause: 'A stuck consumer' };
    expect((await h.emulator.submitView({ user: 'UALICE', viewId: view.id, values })).body).toBe('');
    await h.bot.idle();
    const uploads = ws().callsTo('files.completeUploadExternal').length;

    const text = formAnswer(await resubmit('UALICE', view.id, values));
    expect(text).toContain(`the review of INC-${row.number} is published`);
    expect(ws().callsTo('files.completeUploadExternal')).toHaveLength(uploads);
  });

  test('feedback says it is saved, and changes nothing', async () => {
    const row = await declareAndResolve(h, 'UALICE', { title: 'Feedback sent twice', severity: 'SEV3' });
    await run(h, 'UALICE', row.channel_id, 'close');
    await h.bot.idle();
    const dm = ws()
      .dmsTo('UALICE')
      .filter((m) => m.text.includes(`INC-${row.number}`) && m.text.includes('is closed'))
      .at(-1)!;
    await h.emulator.clickButton({
      user: 'UALICE',
      channel: dm.channel,
      messageTs: dm.ts,
      actionId: FEEDBACK_BUTTON,
      value: String(row.number),
    });
    const view = await h.emulator.waitFor(() =>
      ws()
        .openViews('UALICE')
        .find((v) => v.view.callback_id === 'firebreak_feedback'),
    );
    const values = { [FB.rating.action]: '4' };
    expect((await h.emulator.submitView({ user: 'UALICE', viewId: view.id, values })).body).toBe('');
    await h.bot.idle();

    const text = formAnswer(await resubmit('UALICE', view.id, { [FB.rating.action]: '1' }));
    expect(text).toContain(`your feedback on INC-${row.number} is saved`);
    const stored = await h.db
      .selectFrom('incident_feedback')
      .select('rating')
      .where('incident_id', '=', row.id)
      .where('user_id', '=', 'UALICE')
      .executeTakeFirstOrThrow();
    expect(stored.rating).toBe(4);
  });
});
