import { UPDATE_FIELDS as U, UPDATE_MODAL } from '../../../src/features/updates/updates.ids';
import { declare, declareAndResolve, type Harness, run, startHarness } from '../../support/harness';
import { openReview, REVIEW_ANSWERS } from '../../support/review-form';
import { PAGE_ID, type StatusPageFake, startStatusPageFake } from '../../support/status-page';
import { startWikiFake, type WikiFake } from '../../support/wiki';

// The canvas lists the links other features keep per incident, read at each redraw: here the published review
// (its Slack file) and its page in the wiki, and the incident's public incident on the status page.

let h: Harness;
let wiki: WikiFake;
let statusPage: StatusPageFake;
beforeAll(async () => {
  wiki = await startWikiFake();
  statusPage = await startStatusPageFake();
  const wikiOptions = wiki.options();
  h = await startHarness({
    ...wikiOptions,
    policy: { ...wikiOptions.policy, ...statusPage.options.policy },
    statusPage: statusPage.options.statusPage,
    canvas: { coalesceMs: 0 },
    idleTimeoutMs: 30_000,
  });
});
afterAll(async () => {
  await h?.stop();
  await wiki?.stop();
  await statusPage?.stop();
});

test('a public post: the canvas links the status page’s incident', async () => {
  const row = await declare(h, 'UALICE', { title: 'Ledger down', severity: 'SEV2', commander: 'UALICE' });
  const ch = row.channel_id;
  const ws = h.emulator.workspace;
  const before = new Set(ws.openViews('UALICE').map((v) => v.id));
  await h.emulator.command({ user: 'UALICE', channel: ch, text: 'update' });
  const view = await h.emulator.waitFor(() =>
    ws.openViews('UALICE').find((v) => !before.has(v.id) && v.view.callback_id === UPDATE_MODAL),
  );
  await h.emulator.submitView({
    user: 'UALICE',
    viewId: view.id,
    values: {
      [U.text.action]: 'Failing over the ledger database',
      [U.publish.action]: ['publish'],
      [U.publicMessage.action]: 'Payments are delayed; we are on it.',
      [U.publicStatus.action]: 'investigating',
    },
  });
  const published = await h.emulator.waitFor(() => statusPage.statuspage.incidents(PAGE_ID)[0], 30_000);
  await h.bot.idle(30_000);
  await run(h, 'UALICE', ch, 'note Status page is live');
  const canvas = h.emulator.canvasIn(ch)!.markdown;
  expect(canvas.slice(canvas.indexOf('## Links'))).toContain(`- [Status page](${published.shortlink})`);
  expect(canvas).toContain('Failing over the ledger database');
}, 60_000);

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
