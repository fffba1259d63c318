import { z } from 'zod';
import { parseActionItems } from '../../domain/review';
import { alreadyDoneView } from '../../kernel/slack/already-done.view';
import type { SlackDeps } from '../../kernel/slack/deps';
import { failureText } from '../../kernel/slack/failure-text';
import { plainFieldErrors } from '../../kernel/slack/field-errors';
import type { Listeners } from '../../kernel/slack/listener-router';
import type { FeedbackRepositories } from '../feedback/feedback.ports';
import type { RemindersNeed, SyncsReminders } from '../updates/reminders.ports';
import { saveReview } from './review';
import { REVIEW_MODAL, reviewBlockId } from './review.ids';
import { reviewRefusalText } from './review.refusal-text';
import { readReviewForm } from './review-modal.view';

const metadata = z.object({ incident: z.number().int().positive() });

/** Publishing renders the document before the modal closes, so a bad action item is shown on its field. */
export function registerReviewSubmission(
  app: Listeners,
  deps: SlackDeps<RemindersNeed & FeedbackRepositories> & SyncsReminders,
): void {
  app.view(REVIEW_MODAL, async ({ ack, view, body, client }) => {
    let incidentNumber: number;
    try {
      incidentNumber = metadata.parse(JSON.parse(view.private_metadata || '{}')).incident;
    } catch {
      return ack({
        response_action: 'errors',
        errors: { [reviewBlockId('summary')]: 'This form is damaged; open it again with /incident review.' },
      });
    }
    const { answers, draft } = readReviewForm(view.state as Parameters<typeof readReviewForm>[0]);
    try {
      const items = parseActionItems(answers.actionItems);
      const owners = items.ok ? items.value.map((i) => i.owner).filter((o): o is string => !!o) : [];
      const strangers = owners.length ? await deps.people.notPeople(owners) : [];
      if (strangers.length) {
        return ack({
          response_action: 'errors',
          errors: await plainFieldErrors(
            { [reviewBlockId('actionItems')]: reviewRefusalText({ kind: 'unknown_users', users: strangers }) },
            deps.people,
          ),
        });
      }
      const saved = await saveReview(deps, {
        incidentNumber,
        answers,
        actor: body.user.id,
        draft,
        requestKey: draft ? undefined : view.id,
      });
      if (!saved.ok && saved.error.kind === 'duplicate_request') {
        return ack(
          alreadyDoneView(
            'Review',
            `:information_source: This form was already sent: the review of INC-${incidentNumber} is published. Nothing changed.`,
          ),
        );
      }
      if (!saved.ok) {
        const text = reviewRefusalText(saved.error);
        const blocks =
          saved.error.kind === 'review_incomplete'
            ? saved.error.missing
            : saved.error.kind === 'bad_action_item' || saved.error.kind === 'unknown_owners'
              ? (['actionItems'] as const)
              : (['summary'] as const);
        return ack({
          response_action: 'errors',
          errors: await plainFieldErrors(Object.fromEntries(blocks.map((q) => [reviewBlockId(q), text])), deps.people),
        });
      }
      await ack();
      if (draft) {
        await client.chat
          .postEphemeral({
            channel: saved.value.incident.channelId,
            user: body.user.id,
            text: ':pencil: Review draft saved. `/incident review` picks it up again.',
          })
          .catch(() => undefined);
      }
    } catch (e) {
      deps.log.error('review failed', { incident: incidentNumber, error: e });
      await ack({
        response_action: 'errors',
        errors: await plainFieldErrors({ [reviewBlockId('summary')]: failureText(e) }, deps.people),
      });
    }
  });
}
