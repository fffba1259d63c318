import { formFields } from '../../kernel/slack/ids';

/** The feedback request's button and form. */
export const FEEDBACK_BUTTON = 'firebreak_give_feedback';
export const FEEDBACK_MODAL = 'firebreak_feedback';
export const FEEDBACK_FIELDS = formFields('feedback', {
  rating: 'How well did the incident process work?',
  change: 'What should change?',
});
