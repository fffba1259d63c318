import { type Harness, run } from './harness';

/** `/incident review` in the channel, then the review modal it opened for that user. */
export async function openReview(h: Harness, user: string, channel: string) {
  const ws = h.emulator.workspace;
  const before = new Set(ws.openViews(user).map((v) => v.id));
  await run(h, user, channel, 'review');
  return h.emulator.waitFor(() =>
    ws.openViews(user).find((v) => !before.has(v.id) && v.view.callback_id === 'firebreak_review'),
  );
}

/** A whole review's answers, by field: every required one filled, two action items. */
export const REVIEW_ANSWERS = {
  summary: 'Checkout failed for 40 minutes after a bad deploy',
  customerImpact: '12% of orders failed',
  rootCause: 'A config flag',
  contributingFactors: 'No canary',
  detection: 'Alert on error rate',
  wentWell: 'Fast rollback',
  wentBadly: 'Paging was slow',
  lessons: 'Canary every deploy',
  actionItems: 'Add a canary stage due 2026-12-15\nAlert on checkout errors',
};
