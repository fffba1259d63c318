import type { View } from '@slack/types';
import { type Incident, incidentRef } from '../../domain/incident';
import { REQUIRED_TO_PUBLISH, REVIEW_QUESTIONS, type ReviewAnswers, type ReviewQuestion } from '../../domain/review';
import { cut } from '../../domain/text';
import { PLAIN_INPUT_MAX } from '../../kernel/slack/mrkdwn';
import { REVIEW_DRAFT, REVIEW_MODAL, reviewBlockId } from './review.ids';

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

const HINTS: Partial<Record<keyof ReviewAnswers, string>> = {
  detection: 'How was it found: alert, customer report, by chance?',
  actionItems:
    'One per line. Optional: the owner as @ and their Slack username or display name, and "due YYYY-MM-DD", e.g. "Alert on queue depth @alice due 2026-12-01".',
};

/** Required fields stay optional in the form (a draft may leave them empty); publishing checks them. */
const REQUIRED_HINT = 'Needed to publish the review; a draft may leave it empty.';

const hint = (question: ReviewQuestion, required: boolean): string | undefined =>
  required && REQUIRED_TO_PUBLISH.includes(question)
    ? [REQUIRED_HINT, HINTS[question]].filter(Boolean).join(' ')
    : HINTS[question];

/**
 * Prefilled with the saved answers, so a draft can be closed and picked up later.
 * `required`: the severity requires a review, so some answers are needed to publish.
 */
export function reviewModal(
  incident: Incident,
  answers: ReviewAnswers,
  status: 'new' | 'draft' | 'submitted',
  required = false,
): View {
  return {
    type: 'modal',
    callback_id: REVIEW_MODAL,
    private_metadata: JSON.stringify({ incident: incident.number }),
    title: plain(`Review ${incidentRef(incident.number)}`.slice(0, 24)),
    submit: plain(status === 'submitted' ? 'Publish again' : 'Publish'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text:
              status === 'draft'
                ? ':pencil: Continuing your saved draft.'
                : status === 'submitted'
                  ? ':memo: Already published: publishing again replaces the document.'
                  : 'The timeline and metrics are added for you; answer what only people know.',
          },
        ],
      },
      ...REVIEW_QUESTIONS.map((question) => ({
        type: 'input' as const,
        block_id: reviewBlockId(question.key),
        optional: true,
        label: plain(question.label),
        ...(hint(question.key, required) ? { hint: plain(hint(question.key, required)!) } : {}),
        element: {
          type: 'plain_text_input' as const,
          action_id: question.key,
          multiline: true,
          max_length: PLAIN_INPUT_MAX,
          ...(answers[question.key] ? { initial_value: cut(answers[question.key], PLAIN_INPUT_MAX) } : {}),
        },
      })),
      // A published review changes only by publishing again (saveReview refuses a draft of it).
      ...(status === 'submitted'
        ? []
        : [
            {
              type: 'input' as const,
              block_id: REVIEW_DRAFT.block,
              optional: true,
              label: plain(REVIEW_DRAFT.label),
              element: {
                type: 'checkboxes' as const,
                action_id: REVIEW_DRAFT.action,
                options: [{ text: plain('Save as draft, publish later'), value: REVIEW_DRAFT.value }],
              },
            },
          ]),
    ],
  };
}

type StateValues = Record<
  string,
  Record<string, { value?: string | null; selected_options?: { value: string }[] | null }>
>;

/** Pure: the review modal's state to answers (trimmed, missing ones empty) and the draft flag. */
export function readReviewForm(state: { values?: StateValues } | undefined): {
  answers: ReviewAnswers;
  draft: boolean;
} {
  const values = state?.values ?? {};
  const answers = Object.fromEntries(
    REVIEW_QUESTIONS.map((question) => [
      question.key,
      (values[reviewBlockId(question.key)]?.[question.key]?.value ?? '').trim(),
    ]),
  ) as ReviewAnswers;
  const draft = (values[REVIEW_DRAFT.block]?.[REVIEW_DRAFT.action]?.selected_options ?? []).some(
    (o) => o.value === REVIEW_DRAFT.value,
  );
  return { answers, draft };
}
