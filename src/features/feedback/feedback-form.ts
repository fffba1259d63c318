import { FEEDBACK_FIELDS as F } from '../../kernel/slack/ids';
import { FEEDBACK_CHANGE_MAX } from './feedback';

type Values = Record<string, Record<string, { value?: string | null; selected_option?: { value?: string } | null }>>;

export interface FeedbackForm {
  rating: number;
  change: string | null;
}

/** Checks the feedback modal's answers; errors are keyed by block id for response_action: errors. */
export function readFeedbackForm(
  state: { values?: Values } | undefined,
): { ok: true; form: FeedbackForm } | { ok: false; errors: Record<string, string> } {
  const v = state?.values ?? {};
  const errors: Record<string, string> = {};
  const rating = Number(v[F.rating.block]?.[F.rating.action]?.selected_option?.value);
  const change = (v[F.change.block]?.[F.change.action]?.value ?? '').trim();
  if (!Number.isInteger(rating) || rating < 1 || rating > 5)
    errors[F.rating.block] = 'Pick how well the process worked, from 1 to 5.';
  if (change.length > FEEDBACK_CHANGE_MAX) errors[F.change.block] = `Keep it under ${FEEDBACK_CHANGE_MAX} characters.`;
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, form: { rating, change: change || null } };
}
