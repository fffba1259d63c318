import { declareAndResolve, type Harness, run, startHarness } from '../../support/harness';
import { openReview, REVIEW_ANSWERS } from '../../support/review-form';
import { startWikiFake, type WikiFake } from '../../support/wiki';

// The canvas lists the links other features keep per incident, read at each redraw: here the published review
// (its Slack file) and its page in the wiki.

let h: Harness;
let wiki: WikiFake;
beforeAll(async () => {
  wiki = await startWikiFake();
  h = await startHarness({ ...wiki.options(), canvas: { coalesceMs: 0 }, idleTimeoutMs: 30_000 });
});
afterAll(async () => {
  await h?.stop();
  await wiki?.stop();
});

test('a published review: the canvas links its document and its wiki page', async () => {
  const row = await declareAndResolve(h, 'UALICE', { title: 'Checkout failed' });
  const ch = row.channel_id;
  const view = await openReview(h, 'UALICE', ch);
  await h.emulator.submitView({
    user: 'UALICE',
    viewId: view.id,
    values: REVIEW_ANSWERS,
  });
  await h.emulator.waitFor(
    () => wiki.confluence.pages.some((p) => p.title.startsWith(`INC-${row.number} review:`)),
    30_000,
  );
  await h.bot.idle(30_000);
  // The next change redraws with whatever links stand by then (the wiki's page comes from its own delivery).
  await run(h, 'UALICE', ch, 'note Review shared with the payments team');
  const canvas = h.emulator.canvasIn(ch)!.markdown;
  const links = canvas.slice(canvas.indexOf('## Links'));
  const page = wiki.confluence.pages.find((p) => p.title.startsWith(`INC-${row.number} review:`))!;
  expect(links).toMatch(/- \[Post-incident review\]\(http[^)]+\)/);
  expect(links).toContain('- [Review in the wiki](');
  expect(links).toContain(String(page.id));
  expect(canvas).toContain('**Status:** Resolved');
  expect(canvas).toContain('Review shared with the payments team');
}, 60_000);
