import type { BlockAction, ButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { alreadyDoneView } from '../../kernel/slack/already-done.view';
import type { SlackDeps } from '../../kernel/slack/deps';
import { failureText } from '../../kernel/slack/failure-text';
import { plainFieldErrors } from '../../kernel/slack/field-errors';
import type { Listeners } from '../../kernel/slack/listener-router';
import type { RemindersNeed } from '../updates/reminders.ports';
import { feedbackAsked, submitFeedback } from './feedback';
import { FEEDBACK_FIELDS as F, FEEDBACK_BUTTON, FEEDBACK_MODAL } from './feedback.ids';
import type { FeedbackRepositories, RefreshReview } from './feedback.ports';
import { feedbackRefusalText } from './feedback.refusal-text';
import { feedbackAnsweredMessage, feedbackModal, feedbackThanks, readFeedbackForm } from './feedback.view';

const metadata = z.object({
  incident: z.number().int().positive(),
  channel: z.string().nullable().optional(),
  ts: z.string().nullable().optional(),
});

/** The "Give feedback" button in the closing DM, and the modal it opens. */
export function registerFeedback(
  app: Listeners,
  deps: SlackDeps<RemindersNeed & FeedbackRepositories> & { refreshReview: RefreshReview },
): void {
  app.action<BlockAction<ButtonAction>>(FEEDBACK_BUTTON, async ({ ack, body, action, client, respond }) => {
    await ack();
    deps.inflight.afterAck(async () => {
      try {
        // The value names the incident; a client can change it, so the form opens only for an incident this person was asked about.
        const asked = await feedbackAsked(deps.uow, { incidentNumber: Number(action.value), user: body.user.id });
        if (!asked.ok)
          return void (await respond({
            response_type: 'ephemeral',
            replace_original: false,
            text: feedbackRefusalText(asked.error),
          }));
        const dm = body.channel && body.message ? { channel: body.channel.id, ts: body.message.ts } : null;
        await client.views.open({ trigger_id: body.trigger_id, view: feedbackModal(asked.value.number, dm) });
      } catch (e) {
        deps.log.warn('could not open the feedback modal', { error: e });
      }
    });
  });

  app.view(FEEDBACK_MODAL, async ({ ack, view, body, client }) => {
    const read = readFeedbackForm(view.state as Parameters<typeof readFeedbackForm>[0]);
    if (!read.ok) return ack({ response_action: 'errors', errors: read.errors });
    let meta: z.infer<typeof metadata>;
    try {
      meta = metadata.parse(JSON.parse(view.private_metadata || '{}'));
    } catch {
      return ack({
        response_action: 'errors',
        errors: { [F.rating.block]: 'This form is damaged; open it again from the feedback message.' },
      });
    }
    try {
      const saved = await submitFeedback(deps, {
        incidentNumber: meta.incident,
        user: body.user.id,
        ...read.form,
        requestKey: view.id,
      });
      if (!saved.ok && saved.error.kind === 'duplicate_request') {
        return ack(
          alreadyDoneView(
            'Feedback',
            `:information_source: This form was already sent: your feedback on INC-${meta.incident} is saved. Nothing changed.`,
          ),
        );
      }
      if (!saved.ok)
        return ack({
          response_action: 'errors',
          errors: await plainFieldErrors({ [F.rating.block]: feedbackRefusalText(saved.error) }, deps.people),
        });
      await ack();
      // The DM with the button is the user's own conversation with the bot: it now says the answer is in.
      deps.inflight.afterAck(async () => {
        try {
          // The metadata names a message to rewrite; a client can change it, so only the submitter's own DM with the bot is touched.
          const im =
            meta.channel && meta.ts
              ? (await client.conversations.open({ users: body.user.id })).channel?.id
              : undefined;
          if (meta.ts && im && im === meta.channel)
            await client.chat.update({
              channel: im,
              ts: meta.ts,
              ...feedbackAnsweredMessage(saved.value, read.form.rating),
            });
          else
            await client.chat.postMessage({
              channel: body.user.id,
              text: feedbackThanks(saved.value.number, read.form.rating),
            });
        } catch (e) {
          deps.log.warn('could not thank for feedback', { error: e });
        }
      });
      deps.inflight.afterAck(() =>
        deps
          .refreshReview(saved.value)
          .catch((error) =>
            deps.log.error('could not refresh the review document', { incident: meta.incident, error: error }),
          ),
      );
    } catch (e) {
      deps.log.error('feedback failed', { incident: meta.incident, error: e });
      await ack({
        response_action: 'errors',
        errors: await plainFieldErrors({ [F.rating.block]: failureText(e) }, deps.people),
      });
    }
  });
}
