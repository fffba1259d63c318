import type { Listeners } from '../listener-router';
import type { BlockAction, ButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { submitFeedback } from '../../app/feedback';
import { refreshReviewDocument } from '../../app/review';
import type { SlackDeps } from '../deps';
import { failureText } from '../failure-text';
import { readFeedbackForm } from '../feedback-form';
import { FEEDBACK_BUTTON, FEEDBACK_FIELDS as F, FEEDBACK_MODAL } from '../ids';
import { refusalText } from '../refusal-text';
import { feedbackAnsweredMessage, feedbackModal, feedbackThanks } from '../views/feedback.view';

const metadata = z.object({ incident: z.number().int().positive(), channel: z.string().nullable().optional(), ts: z.string().nullable().optional() });

/** The "Give feedback" button in the closing DM, and the modal it opens. */
export function registerFeedback(app: Listeners, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(FEEDBACK_BUTTON, async ({ ack, body, action, client }) => {
    await ack();
    const incident = Number(action.value);
    if (!Number.isInteger(incident) || incident <= 0) return;
    deps.inflight.afterAck(() =>
      client.views.open({ trigger_id: body.trigger_id, view: feedbackModal(incident, body.channel && body.message ? { channel: body.channel.id, ts: body.message.ts } : null) }).then(
        () => undefined,
        (e) => deps.log.warn('could not open the feedback modal', { error: e }),
      ),
    );
  });

  app.view(FEEDBACK_MODAL, async ({ ack, view, body, client }) => {
    const read = readFeedbackForm(view.state as Parameters<typeof readFeedbackForm>[0]);
    if (!read.ok) return ack({ response_action: 'errors', errors: read.errors });
    let meta: z.infer<typeof metadata>;
    try {
      meta = metadata.parse(JSON.parse(view.private_metadata || '{}'));
    } catch {
      return ack({ response_action: 'errors', errors: { [F.rating.block]: 'This form is damaged; open it again from the feedback message.' } });
    }
    try {
      const saved = await submitFeedback(deps, { incidentNumber: meta.incident, user: body.user.id, ...read.form, requestKey: view.id });
      // A replay of a submission already applied just closes the modal again.
      if (!saved.ok && saved.error.kind === 'duplicate_request') return ack();
      if (!saved.ok) return ack({ response_action: 'errors', errors: { [F.rating.block]: refusalText(saved.error) } });
      await ack();
      // The DM with the button is the user's own conversation with the bot: it now says the answer is in.
      deps.inflight.afterAck(() =>
        (meta.channel && meta.ts
          ? client.chat.update({ channel: meta.channel, ts: meta.ts, ...feedbackAnsweredMessage(saved.value, read.form.rating) })
          : client.chat.postMessage({ channel: meta.channel ?? body.user.id, text: feedbackThanks(meta.incident, read.form.rating) })
        ).then(
          () => undefined,
          (e) => deps.log.warn('could not thank for feedback', { error: e }),
        ),
      );
      deps.inflight.afterAck(() =>
        refreshReviewDocument(deps, saved.value).catch((e) => deps.log.error('could not refresh the review document', { incident: meta.incident, error: e })),
      );
    } catch (e) {
      deps.log.error('feedback failed', { incident: meta.incident, error: e });
      await ack({ response_action: 'errors', errors: { [F.rating.block]: failureText(e) } });
    }
  });
}
