import type { SharedRefusal } from '../../kernel/refusals';

export type FeedbackRefusal =
  | SharedRefusal
  /** Feedback comes only from the participants asked when that incident closed. */
  | { kind: 'feedback_not_asked' };
