import { xmlProblem } from '@firebreak/service-fakes';
import { wikiPageTitle } from '../../../src/features/review-export/review-export';
import {
  declareAndResolve,
  declareValues,
  type Harness,
  HUNG_CALL_TIMEOUT_MS,
  run,
  startHarness,
} from '../../support/harness';
import { openReview } from '../../support/review-form';
import { startWikiFake, WIKI_SPACE, type WikiFake } from '../../support/wiki';

// Several tests wait out a retry (1 s backoff, or the Retry-After).
jest.setTimeout(40_000);

let h: Harness;
let wiki: WikiFake;
beforeAll(async () => {
  wiki = await startWikiFake();
  h = await startHarness({ ...wiki.options(), notifyTimeoutMs: HUNG_CALL_TIMEOUT_MS });
});
afterAll(async () => {
  await h?.stop();
  await wiki?.stop();
});

const ANSWERS = {
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

const ws = () => h.emulator.workspace;
const pagesTitled = (number: number) =>
  wiki.confluence.pages.filter((p) => p.title.startsWith(`INC-${number} review:`));
const wikiPosts = (channel: string) =>
  ws()
    .messagesIn(channel)
    .filter((m) =>
      /review of \*INC-\d+\*('s review)? (is in the wiki|is updated in the wiki|is not published)|refused the wiki page/.test(
        m.text,
      ),
    );
const titleOf = (row: { number: number; title: string }) => wikiPageTitle('T0001', { ...row, isDrill: false });

/** Publishes the review through its modal, then waits until the channel is told of the wiki (`posts` posts in all). */
async function publish(row: { channel_id: string }, answers: Record<string, string> = ANSWERS, posts = 1) {
  const view = await openReview(h, 'UALICE', row.channel_id);
  const res = await h.emulator.submitView({ user: 'UALICE', viewId: view.id, values: answers });
  expect(res.status).toBe(200);
  await h.emulator.waitFor(() => wikiPosts(row.channel_id).length >= posts, 30_000);
  await h.bot.idle();
}

describe('the review in Confluence', () => {
  test('publishing creates the page once, under the parent, with the review rendered; the channel links it', async () => {
    const row = await declareAndResolve(h, 'UALICE', { title: 'Checkout down' });
    await publish(row);

    const pages = pagesTitled(row.number);
    expect(pages).toHaveLength(1);
    const [page] = pages;
    expect(page.title).toBe(`INC-${row.number} review: Checkout down (Slack T0001)`);
    expect(page.title).toBe(titleOf(row));
    expect(page.spaceId).toBe(WIKI_SPACE);
    expect(page.parentId).toBe(wiki.confluence.pages[0].id);
    expect(page.version).toBe(1);
    expect(page.body).toContain(`<h1>INC-${row.number}: Checkout down</h1>`);
    expect(page.body).toContain('<h2>Customer impact</h2><p>12% of orders failed</p>');
    expect(page.body).toMatch(/<table><tbody><tr><th>Item<\/th><th>Owner<\/th><th>Due<\/th><\/tr>/);
    expect(xmlProblem(page.body)).toBeNull();
    expect(
      wiki.confluence.requestsTo('create').filter((r) => (r.body as { title?: string }).title === page.title),
    ).toMatchObject([{ status: 200 }]);

    const [post] = wikiPosts(row.channel_id);
    expect(post.text).toContain(`${wiki.confluence.base}/spaces/OPS/pages/${page.id}/`);
    // The Markdown file stays in Slack.
    expect([...ws().files.values()].some((f) => f.name === `INC-${row.number}-review.md`)).toBe(true);
    const stored = await h.db
      .selectFrom('review_wiki_pages')
      .selectAll()
      .where('incident_id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ page_id: page.id, version: 1, outcome: 'published' });
    // What is owed to the wiki is counted, as 0 when nothing is.
    const metrics = await h.bot.metrics.render();
    expect(metrics).toContain('outbox_service_notices{service="wiki:confluence",state="pending"} 0');
    expect(metrics).toContain('outbox_service_notices{service="wiki:confluence",state="dead"} 0');
  });

  test('publishing again updates the same page: version 2, no second page', async () => {
    const row = await declareAndResolve(h, 'UALICE', { title: 'Published twice' });
    await publish(row);
    const id = pagesTitled(row.number)[0].id;
    await publish(row, { ...ANSWERS, lessons: 'Canary every deploy, always' }, 2);

    const pages = pagesTitled(row.number);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ id, version: 2 });
    expect(pages[0].body).toContain('Canary every deploy, always');
    expect(pages[0].history[0].body).not.toContain('always');
    expect(wikiPosts(row.channel_id).at(-1)!.text).toContain('updated in the wiki (version 2)');
  });

  test('a page deleted in Confluence since is made again on the next publish, and its new id stored', async () => {
    const row = await declareAndResolve(h, 'UALICE', { title: 'Deleted in the wiki' });
    await publish(row);
    const gone = pagesTitled(row.number)[0];
    wiki.confluence.pages.splice(wiki.confluence.pages.indexOf(gone), 1);
    await publish(row, { ...ANSWERS, lessons: 'Made again' }, 2);

    const [again] = pagesTitled(row.number);
    expect(again.id).not.toBe(gone.id);
    expect(again).toMatchObject({ version: 1, body: expect.stringContaining('Made again') });
    expect(
      (
        await h.db
          .selectFrom('review_wiki_pages')
          .select('page_id')
          .where('incident_id', '=', row.id)
          .executeTakeFirst()
      )?.page_id,
    ).toBe(again.id);
  });

  test('an answer lost after Confluence made the page: the retry finds it by title, no duplicate', async () => {
    wiki.confluence.failNext('create', { status: 502, afterHandling: true });
    const row = await declareAndResolve(h, 'UALICE', { title: 'Lost create answer' });
    await publish(row);

    expect(pagesTitled(row.number)).toHaveLength(1);
    expect(pagesTitled(row.number)[0].version).toBe(1);
    const creates = wiki.confluence
      .requestsTo('create')
      .filter((r) => (r.body as { title?: string }).title === titleOf(row));
    // A blind second create would have been refused (the title is taken) and told as a refusal.
    expect(creates.map((r) => r.status)).toEqual([502]);
    expect(wikiPosts(row.channel_id)).toMatchObject([{ text: expect.stringContaining('is in the wiki') }]);
  });

  test('a stale version (409) is read again and the update retried', async () => {
    const row = await declareAndResolve(h, 'UALICE', { title: 'Edited meanwhile' });
    await publish(row);
    const page = pagesTitled(row.number)[0];
    const before = wiki.confluence.requestsTo('update').length;
    wiki.confluence.failNext('update', {
      status: 409,
      body: { errors: [{ status: 409, code: 'CONFLICT', title: 'Version must be incremented', detail: null }] },
    });
    await publish(row, { ...ANSWERS, lessons: 'Read the version again' }, 2);

    const updates = wiki.confluence.requestsTo('update').slice(before);
    expect(updates.map((r) => r.status)).toEqual([409, 200]);
    expect(pagesTitled(row.number)).toMatchObject([{ id: page.id, version: 2 }]);
  });

  test('429 (after its Retry-After), 500 and a hung call are retried; one page', async () => {
    wiki.confluence.failNext('list', { status: 429, retryAfter: 1 });
    wiki.confluence.failNext('create', { status: 500 });
    const row = await declareAndResolve(h, 'UALICE', { title: 'Flaky wiki' });
    await publish(row);
    const lists = wiki.confluence
      .requestsTo('list')
      .filter((r) => r.query.get('title') === titleOf(row))
      .map((r) => ({ status: r.status, at: r.at }));
    expect(lists.map((r) => r.status)).toEqual([429, 200, 200]);
    expect(lists[1].at - lists[0].at).toBeGreaterThanOrEqual(900);
    expect(pagesTitled(row.number)).toHaveLength(1);

    wiki.confluence.failNext('update', { hangMs: 10_000 });
    await publish(row, { ...ANSWERS, lessons: 'Hung once' }, 2);
    expect(pagesTitled(row.number)).toMatchObject([{ version: 2 }]);
    expect(wikiPosts(row.channel_id)).toHaveLength(2);
  });

  test('a review whose Markdown could break storage format still makes a page Confluence accepts', async () => {
    const row = await declareAndResolve(h, 'UALICE', { title: 'Hostile <b>title</b> ]]> & "quotes"' });
    const hostile = '```\n]]><script>alert(1)</script>\n| a | b |\n|---|\n- [x](javascript:alert(1))\n\u0007&nbsp;';
    await publish(row, { ...ANSWERS, rootCause: hostile, lessons: '    indented ]]> <!-- comment -->' });

    const [page] = pagesTitled(row.number);
    expect(page).toBeDefined();
    expect(xmlProblem(page.body)).toBeNull();
    expect(page.body).not.toMatch(/<script|<b>|href="javascript|<!--/);
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.title).toContain('Hostile <b>title</b> ]]> & "quotes"');
  });

  test('a private incident is not exported; the channel is told once, however often it publishes', async () => {
    const row = await declareAndResolve(h, 'UALICE', { title: 'Secret outage', private: true });
    await publish(row);
    await publish(row, { ...ANSWERS, lessons: 'Again' }, 1);
    expect(pagesTitled(row.number)).toEqual([]);
    expect(
      wiki.confluence.received.filter(
        (r) => r.rawBody.includes('Secret outage') || r.query.get('title')?.includes('Secret'),
      ),
    ).toEqual([]);
    const told = wikiPosts(row.channel_id);
    expect(told).toHaveLength(1);
    expect(told[0].text).toContain('is not published to the wiki: this incident is private');
  });
});

test('a drill is exported, its page titled as a drill', async () => {
  const before = new Set(
    ws()
      .openViews('UALICE')
      .map((v) => v.id),
  );
  await h.emulator.command({ user: 'UALICE', channel: 'CGENERAL', text: 'drill Failover rehearsal' });
  const form = await h.emulator.waitFor(() =>
    ws()
      .openViews('UALICE')
      .find((v) => !before.has(v.id)),
  );
  await h.emulator.submitView({
    user: 'UALICE',
    viewId: form.id,
    values: declareValues({ severity: 'SEV3', commander: 'UALICE' }),
  });
  await h.bot.idle();
  const row = await h.db
    .selectFrom('incidents')
    .selectAll()
    .where('declare_key', '=', form.id)
    .executeTakeFirstOrThrow();
  const channel = row.channel_id!;
  for (const step of ['status investigating', 'status monitoring', 'resolve Rehearsed'])
    await run(h, 'UALICE', channel, step);
  await publish({ channel_id: channel });

  const pages = wiki.confluence.pages.filter((p) => p.title.startsWith(`[DRILL] INC-${row.number} review:`));
  expect(pages).toHaveLength(1);
  expect(pages[0].title).toBe(wikiPageTitle('T0001', { number: row.number, title: row.title, isDrill: true }));
  expect(pages[0].body).toContain(`<h1>[DRILL] INC-${row.number}: Failover rehearsal</h1>`);
});

describe('a wiki that refuses the credentials', () => {
  let refused: Harness;
  beforeAll(async () => {
    refused = await startHarness({ ...wiki.options('wrong-token') });
  });
  afterAll(() => refused?.stop());

  test('401 is told once in the channel and not retried', async () => {
    const before = wiki.confluence.received.length;
    const row = await declareAndResolve(refused, 'UALICE', { title: 'Wrong token' });
    const view = await openReview(refused, 'UALICE', row.channel_id);
    await refused.emulator.submitView({ user: 'UALICE', viewId: view.id, values: ANSWERS });
    const told = () =>
      refused.emulator.workspace.messagesIn(row.channel_id).filter((m) => m.text.includes('refused the wiki page'));
    await refused.emulator.waitFor(() => told().length > 0, 15_000);
    await refused.bot.idle();

    const calls = wiki.confluence.received.slice(before);
    expect(calls.map((r) => r.status)).toEqual([401]);
    expect(told()).toHaveLength(1);
    expect(told()[0].text).toContain('HTTP 401');
    expect(pagesTitled(row.number).filter((p) => p.title.includes('Wrong token'))).toEqual([]);
  });
});
