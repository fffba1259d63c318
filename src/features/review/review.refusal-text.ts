import { STATUS_LABEL } from '../../domain/status';
import { cut } from '../../domain/text';
import { refusalTextWith } from '../../kernel/slack/refusal-text';
import type { ReviewRefusal } from './review.refusals';

export const reviewRefusalText = refusalTextWith<ReviewRefusal>({
  review_too_early: (refusal) =>
    `The review is written after the incident is resolved; it is *${STATUS_LABEL[refusal.status]}* now. Resolve it first with \`/incident resolve\`.`,
  review_published: () =>
    'This review is already published, so it cannot be saved as a draft. Untick *Save as draft* and press *Publish again* to replace the document, or Cancel to keep it. Nothing was changed.',
  bad_action_item: (refusal) =>
    refusal.problem === 'bad_date'
      ? `Line ${refusal.line}: "${refusal.given}" is not a date; write due dates as YYYY-MM-DD.`
      : `Line ${refusal.line} has an owner or date but no action; say what should be done.`,
  // This one and the next are shown as a form field's error, which Slack renders as plain text.
  review_incomplete: (refusal) =>
    `A ${refusal.severity} review needs this answered before it is published. Tick "Save as draft" to keep what you wrote and finish later. Nothing was published.`,
  unknown_owners: (refusal) =>
    [
      ...refusal.unknown.map((name) => `No one in this workspace goes by @${cut(name, 40)}.`),
      ...refusal.ambiguous.map(
        (ambiguous) =>
          `@${cut(ambiguous.name, 40)} could be ${ambiguous.matches
            .slice(0, 5)
            .map((match) => cut(match, 40))
            .join(' or ')}.`,
      ),
      'Name each owner by their Slack username or display name, e.g. @alice. Nothing was published.',
    ].join(' '),
});
