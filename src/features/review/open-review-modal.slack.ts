import type { BlockAction, ButtonAction, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { severityPolicyOf } from '../../domain/incident-types';
import type { SlackDeps } from '../../kernel/slack/deps';
import { REVIEW_BUTTON } from '../../kernel/slack/ids';
import type { ModalOpeners } from '../../kernel/slack/incident-command';
import type { Listeners } from '../../kernel/slack/listener-router';
import { modalFailureText, tellOpener } from '../../kernel/slack/modal-opening';
import type { FeedbackRepositories } from '../feedback/feedback.ports';
import type { RemindersNeed } from '../updates/reminders.ports';
import { reviewForm } from './review';
import { reviewRefusalText } from './review.refusal-text';
import { reviewModal } from './review-modal.view';

/** Shared by `/incident review` and the button on the resolve message. */
export async function openReviewModal(
  client: WebClient,
  deps: SlackDeps<RemindersNeed & FeedbackRepositories>,
  options: { triggerId: string; channelId: string; respond?: RespondFn; user: string },
): Promise<void> {
  const tell = tellOpener(client, options);
  try {
    const form = await reviewForm(deps.uow, { channelId: options.channelId }, options.user);
    if (!form.ok) return tell(reviewRefusalText(form.error));
    const { incident } = form.value;
    const required = !!severityPolicyOf(deps.policy, incident)?.reviewRequired;
    await client.views.open({
      trigger_id: options.triggerId,
      view: reviewModal(incident, form.value.answers, form.value.status, required),
    });
  } catch (e) {
    await tell(modalFailureText(deps.log, e, 'review', '/incident review'));
  }
}

/** `/incident review` opens the review modal. */
export const openReviewFromCommand: ModalOpeners<SlackDeps<RemindersNeed & FeedbackRepositories>>['review'] = (
  _command,
  origin,
  deps,
) =>
  openReviewModal(origin.client, deps, {
    triggerId: origin.triggerId,
    channelId: origin.channelId,
    respond: origin.respond,
    user: origin.user,
  });

/** The "Write the review" button on the resolve message. */
export function registerReviewButton(app: Listeners, deps: SlackDeps<RemindersNeed & FeedbackRepositories>): void {
  app.action<BlockAction<ButtonAction>>(REVIEW_BUTTON, async ({ ack, body, client, respond }) => {
    await ack();
    const channelId = body.channel?.id;
    if (!channelId) return;
    deps.inflight.afterAck(() =>
      openReviewModal(client, deps, { triggerId: body.trigger_id, channelId, user: body.user.id, respond }),
    );
  });
}
