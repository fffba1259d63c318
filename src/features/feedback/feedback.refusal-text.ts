import { refusalTextWith } from '../../kernel/slack/refusal-text';
import type { FeedbackRefusal } from './feedback.refusals';

export const feedbackRefusalText = refusalTextWith<FeedbackRefusal>({
  feedback_not_asked: () =>
    'Only the participants of that incident are asked for feedback when it closes, and you were not one of them (or that incident does not exist). Nothing was saved.',
});
