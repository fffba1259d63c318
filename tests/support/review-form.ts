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
