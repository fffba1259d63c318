import type { View } from '@slack/types';
import { type Incident, incidentRef } from '../../domain/incident';
import { type Message, textWithButtons } from '../../kernel/slack/incident-card.view';
import { channelLink, safeText } from '../../kernel/slack/mrkdwn';
import { FEEDBACK_CHANGE_MAX } from './feedback';
import { FEEDBACK_FIELDS as F, FEEDBACK_BUTTON, FEEDBACK_MODAL } from './feedback.ids';

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

export const RATING_WORDS: Record<number, string> = {
  5: 'very well',
  4: 'well',
  3: 'so-so',
  2: 'badly',
  1: 'very badly',
};
const ratingText = (n: number) => `${n} — ${RATING_WORDS[n]}`;

const askText = (incident: Incident) =>
  `*${incidentRef(incident.number)}: ${safeText(incident.title, 500)}* (${channelLink(incident.channelId)}) is closed. How well did the incident process work for you? Two questions, one minute.`;

/** The DM each participant gets when the incident closes. Sent only to members, so naming it leaks nothing. */
export function feedbackRequestMessage(incident: Incident): Message {
  return textWithButtons(askText(incident), [
    {
      type: 'button',
      action_id: FEEDBACK_BUTTON,
      text: plain('Give feedback'),
      value: String(incident.number),
      style: 'primary',
    },
  ]);
}

export function feedbackThanks(incidentNumber: number, rating: number): string {
  return `:pray: Thanks, your feedback on ${incidentRef(incidentNumber)} (${ratingText(rating)}) is saved. You can change it with the same button.`;
}

/** The same DM once answered: it says so, so nobody wonders whether the answer arrived, and still lets them change it. */
export function feedbackAnsweredMessage(incident: Incident, rating: number): Message {
  const text = askText(incident);
  const thanks = feedbackThanks(incident.number, rating);
  return {
    text: `${text}\n${thanks}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: thanks }] },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: FEEDBACK_BUTTON,
            text: plain('Change my answer'),
            value: String(incident.number),
          },
        ],
      },
    ],
  };
}

/** `dm`: the DM whose button opened the form, so the answer can update it. */
export function feedbackModal(incidentNumber: number, dm: { channel: string; ts: string } | null): View {
  return {
    type: 'modal',
    callback_id: FEEDBACK_MODAL,
    private_metadata: JSON.stringify({ incident: incidentNumber, channel: dm?.channel ?? null, ts: dm?.ts ?? null }),
    title: plain(`Feedback ${incidentRef(incidentNumber)}`.slice(0, 24)),
    submit: plain('Send'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'input',
        block_id: F.rating.block,
        label: plain(F.rating.label),
        element: {
          type: 'static_select',
          action_id: F.rating.action,
          placeholder: plain('Pick one'),
          options: [5, 4, 3, 2, 1].map((n) => ({ text: plain(ratingText(n)), value: String(n) })),
        },
      },
      {
        type: 'input',
        block_id: F.change.block,
        optional: true,
        label: plain(F.change.label),
        element: {
          type: 'plain_text_input',
          action_id: F.change.action,
          multiline: true,
          max_length: FEEDBACK_CHANGE_MAX,
        },
      },
    ],
  };
}

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
