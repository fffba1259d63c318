import { REVIEW_QUESTIONS, type ReviewAnswers } from '../../domain/review';
import { REVIEW_DRAFT, reviewBlockId } from '../../kernel/slack/ids';

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
    REVIEW_QUESTIONS.map((q) => [q.key, (values[reviewBlockId(q.key)]?.[q.key]?.value ?? '').trim()]),
  ) as ReviewAnswers;
  const draft = (values[REVIEW_DRAFT.block]?.[REVIEW_DRAFT.action]?.selected_options ?? []).some(
    (o) => o.value === REVIEW_DRAFT.value,
  );
  return { answers, draft };
}
