import { feedbackRefusalText } from '../../../../src/features/feedback/feedback.refusal-text';
import { reviewRefusalText } from '../../../../src/features/review/review.refusal-text';
import { refusalText } from '../../../../src/kernel/slack/refusal-text';

// A feature's refusal text answers its own reasons and hands every shared one to the kernel's sentence.
describe('refusalTextWith', () => {
  test("a feature's own reason gets the feature's sentence", () => {
    expect(feedbackRefusalText({ kind: 'feedback_not_asked' })).toBe(
      'Only the participants of that incident are asked for feedback when it closes, and you were not one of them (or that incident does not exist). Nothing was saved.',
    );
    expect(reviewRefusalText({ kind: 'bad_action_item', line: 3, problem: 'bad_date', given: 'soon' })).toBe(
      'Line 3: "soon" is not a date; write due dates as YYYY-MM-DD.',
    );
  });

  test('a shared reason gets the same sentence from every feature', () => {
    const refusal = { kind: 'incident_finished', status: 'closed' } as const;
    expect(refusalText(refusal)).toBe('This incident is *Closed*; it can no longer be changed.');
    expect(feedbackRefusalText(refusal)).toBe(refusalText(refusal));
    expect(reviewRefusalText({ kind: 'not_visible' })).toBe('You cannot see that incident.');
  });
});
