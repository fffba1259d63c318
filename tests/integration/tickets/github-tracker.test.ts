// The GitHub Issues tracker against the GitHub fake over HTTP: what it sends, how a lost answer is found instead of
// made twice, closing and reopening said once, the reconcile read, how each refusal reads for the outbox, and the
// fake's webhooks as the hook reader reads them.
import { FakeService } from '@firebreak/service-fakes';
import { GitHubHookReader } from '../../../src/features/tickets/github.hook';
import { GitHubTracker } from '../../../src/features/tickets/github.tracker';
import type { TicketDraft } from '../../../src/features/tickets/tickets.ports';
import {
  type GitHubTickets,
  gitHubFake,
  githubTickets,
  GITHUB_REPO as REPO,
  GITHUB_TOKEN as TOKEN,
} from '../../support/github';
import { failureOf } from '../../support/service-failure';

const github = gitHubFake();
beforeAll(() => github.start());
afterAll(() => github.stop());

const tracker = (over: Partial<GitHubTickets> = {}, token = TOKEN) =>
  new GitHubTracker(githubTickets(github.url, over), token, { timeoutMs: 300 });

let markers = 0;
const draft = (over: Partial<TicketDraft> = {}): TicketDraft => {
  markers += 1;
  return {
    marker: `firebreak-fu-T0001-${markers}`,
    summary: 'Add an alert on the queue depth',
    description: 'Incident: INC-12 Checkout is down\nChannel: https://slack.com/app_redirect?team=T0001&channel=C12',
    ownerEmail: 'alice@example.com',
    due: '2026-12-24',
    labels: ['firebreak', 'firebreak-INC-12'],
    ...over,
  };
};

const withMarker = (marker: string) => github.issuesOf(REPO).filter((i) => i.labels.includes(marker));

test('create sends the title, the body (owner and due written in) and the labels with the marker, as GitHub asks', async () => {
  const d = draft();
  const ref = await tracker().create(d);
  const [issue] = withMarker(d.marker);
  expect(ref).toEqual({
    id: String(issue?.number),
    key: `#${issue?.number}`,
    url: `https://github.com/${REPO}/issues/${issue?.number}`,
  });
  expect(issue).toMatchObject({
    title: 'Add an alert on the queue depth',
    labels: ['firebreak', 'firebreak-INC-12', 'incident-followup', d.marker],
    author: 'firebreak-bot',
    state: 'open',
  });
  expect(issue?.body).toBe(
    [
      'Incident: INC-12 Checkout is down  \nChannel: <https://slack.com/app_redirect?team=T0001&channel=C12>',
      '**Owner:** alice@example.com  \n**Due:** 2026-12-24',
      '_A follow-up from Firebreak: closing this issue marks it done in Slack._',
    ].join('\n\n'),
  );
  expect(github.requestsTo('create').at(-1)?.headers).toMatchObject({
    authorization: `Bearer ${TOKEN}`,
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
  });
});

test('text is shown as typed: no Markdown, no @mention, no cross-reference; a summary is one line, cut to 256', async () => {
  const d = draft({
    summary: `Two\n  lines ${'s'.repeat(300)}`,
    description: '- ask @mona about #12 and *why* <b>it</b> [broke](x)\n\n   # not a heading\n12. not a list',
    ownerEmail: null,
    due: null,
  });
  await tracker().create(d);
  const [issue] = withMarker(d.marker);
  expect(issue?.title).toHaveLength(256);
  expect(issue?.title.startsWith('Two lines sss')).toBe(true);
  expect(issue?.body).toBe(
    [
      '\\- ask @\u200bmona about #\u200b12 and \\*why\\* \\<b\\>it\\</b\\> \\[broke\\](x)  \n\\# not a heading  \n12\\. not a list',
      '_A follow-up from Firebreak: closing this issue marks it done in Slack._',
    ].join('\n\n'),
  );
});

test('an answer lost after GitHub made the issue: the retry finds it by its marker instead of making another', async () => {
  const d = draft();
  const t = tracker();
  github.failNext('create', { status: 502, afterHandling: true });
  const lost = await failureOf(t.create(d));
  expect(lost.failure).toEqual({ transient: true, code: 'http_502' });
  expect(withMarker(d.marker)).toHaveLength(1);

  const found = await t.find(d.marker);
  const [issue] = withMarker(d.marker);
  expect(found).toEqual({ id: String(issue?.number), key: `#${issue?.number}`, url: expect.any(String) });
  expect(github.requestsTo('list').at(-1)?.query.get('labels')).toBe(d.marker);
  expect(github.requestsTo('list').at(-1)?.query.get('state')).toBe('all');
  expect(withMarker(d.marker)).toHaveLength(1);
});

test('find: null when no issue carries the marker; a closed one is found; a pull request with it is not', async () => {
  const t = tracker();
  expect(await t.find('firebreak-fu-T0001-none')).toBeNull();
  const pr = github.seed(REPO, { title: 'pr', labels: ['firebreak-fu-T0001-pr'], pullRequest: true });
  expect(await t.find('firebreak-fu-T0001-pr')).toBeNull();
  const issue = github.seed(REPO, { title: 'closed', labels: ['firebreak-fu-T0001-pr'] });
  await github.closeOnGitHub(REPO, issue.number);
  expect(await t.find('firebreak-fu-T0001-pr')).toMatchObject({ id: String(issue.number) });
  expect(pr.number).not.toBe(issue.number);
});

test('close comments then closes as completed; again (a retry) it says nothing twice; reopen does the reverse', async () => {
  const t = tracker();
  const ref = await t.create(draft());
  const n = Number(ref.id);
  await t.close(ref, 'Marked done in Slack by Alice (@alice).');
  expect(github.issue(REPO, n)).toMatchObject({ state: 'closed', stateReason: 'completed', closedBy: 'firebreak-bot' });
  expect(github.issue(REPO, n)?.comments.map((c) => c.body)).toEqual(['Marked done in Slack by Alice (@\u200balice).']);
  await t.close(ref, 'Marked done in Slack by Alice (@alice).');
  expect(github.issue(REPO, n)?.comments).toHaveLength(1);

  await t.reopen(ref, 'Reopened in Slack by Bob.');
  expect(github.issue(REPO, n)).toMatchObject({ state: 'open', stateReason: 'reopened' });
  expect(github.issue(REPO, n)?.comments.map((c) => c.body)).toHaveLength(2);
  await t.reopen(ref, 'Reopened in Slack by Bob.');
  expect(github.issue(REPO, n)?.comments).toHaveLength(2);
});

test('a PATCH whose answer was lost: the retry finds the issue closed and changes nothing more', async () => {
  const t = tracker();
  const ref = await t.create(draft());
  github.failNext('update', { status: 500, afterHandling: true });
  expect((await failureOf(t.close(ref, 'Done in Slack.'))).failure.transient).toBe(true);
  await t.close(ref, 'Done in Slack.');
  expect(github.issue(REPO, Number(ref.id))).toMatchObject({ state: 'closed' });
  expect(github.issue(REPO, Number(ref.id))?.comments).toHaveLength(1);
});

test('states: each ticket read back, done when closed; deleted or unknown ones are left out', async () => {
  const t = tracker();
  const open = await t.create(draft());
  const closed = await t.create(draft());
  const deleted = await t.create(draft());
  await github.closeOnGitHub(REPO, Number(closed.id), { lose: true });
  github.deleteOnGitHub(REPO, Number(deleted.id));
  const unknown = { id: '99999', key: '#99999', url: `https://github.com/${REPO}/issues/99999` };
  expect(await t.states([open, closed, deleted, unknown])).toEqual([
    { ...open, done: false },
    { ...closed, done: true },
  ]);
  expect(await t.states([])).toEqual([]);
});

describe('how refusals read for the outbox', () => {
  test('a bad token is a 401, given up; a repository the token cannot see, a 404, given up', async () => {
    const e = await failureOf(tracker({}, 'ghp_revoked').create(draft()));
    expect(e.failure).toEqual({ transient: false, code: 'http_401' });
    expect(JSON.parse(e.body)).toMatchObject({ message: 'Bad credentials' });
    expect((await failureOf(tracker({ repo: 'acme/secret' }).find('m'))).failure).toEqual({
      transient: false,
      code: 'http_404',
    });
  });

  test('a 403 for want of permission is given up; a 422 too', async () => {
    github.failNext('create', {
      status: 403,
      body: { message: 'Resource not accessible by personal access token', status: '403' },
    });
    expect((await failureOf(tracker().create(draft()))).failure).toEqual({ transient: false, code: 'http_403' });
    github.failNext('create', { status: 422, body: { message: 'Validation Failed', errors: [] } });
    expect((await failureOf(tracker().create(draft()))).failure).toEqual({ transient: false, code: 'http_422' });
  });

  test("GitHub's secondary rate limit (403, retry-after) waits what it says, untouched", async () => {
    github.rateLimitNext('create', { kind: 'secondary', retryAfter: 42 });
    const d = draft();
    expect((await failureOf(tracker().create(d))).failure).toEqual({
      transient: true,
      code: 'http_403',
      untouched: true,
      retryAfterMs: 42_000,
    });
    expect(withMarker(d.marker)).toHaveLength(0);
  });

  test('the primary rate limit (403, x-ratelimit-remaining 0) waits until x-ratelimit-reset', async () => {
    const resetAt = Math.floor(Date.now() / 1000) + 120;
    github.rateLimitNext('list', { kind: 'primary', resetAt });
    const e = await failureOf(tracker().find('m'));
    expect(e.failure).toMatchObject({ transient: true, code: 'http_403', untouched: true });
    const wait = e.failure.transient ? (e.failure.retryAfterMs ?? 0) : 0;
    expect(wait).toBeGreaterThan(110_000);
    expect(wait).toBeLessThanOrEqual(120_000);
  });

  test('429 waits its Retry-After; 500 and a hang are transient (the retry looks before making)', async () => {
    github.failNext('create', { status: 429, retryAfter: 5 });
    expect((await failureOf(tracker().create(draft()))).failure).toEqual({
      transient: true,
      code: 'http_429',
      untouched: true,
      retryAfterMs: 5000,
    });
    github.failNext('get', { status: 500 });
    expect((await failureOf(tracker().states([{ id: '1', key: '#1', url: '' }]))).failure).toEqual({
      transient: true,
      code: 'http_500',
    });
    github.failNext('create', { hangMs: 2000 });
    expect((await failureOf(tracker().create(draft()))).failure).toEqual({ transient: true, code: 'timeout' });
  });

  test('a ref whose id is no issue number is refused before any call', async () => {
    const before = github.received.length;
    // An id in digits is GitHub's number: asked for (and unknown here, a 404 given up).
    const e = await failureOf(tracker().close({ id: '10042', key: '#10042', url: '' }, 'x'));
    expect(e.failure).toEqual({ transient: false, code: 'http_404' });
    const foreign = await failureOf(tracker().close({ id: 'abc', key: 'OPS-12', url: '' }, 'x'));
    expect(foreign.failure).toEqual({ transient: false, code: 'not_a_github_issue' });
    expect(github.received.length).toBe(before + 1);
  });
});

describe("GitHub's webhook, from the fake to the reader", () => {
  const receiver = new FakeService('bot');
  receiver.route('POST', '/hooks/tickets/github', () => ({ status: 200 }), 'hook');
  beforeAll(async () => {
    await receiver.start();
    github.setHook({ url: `${receiver.url}/hooks/tickets/github`, secret: 'hook-secret' });
  });
  afterAll(async () => {
    github.setHook(null);
    await receiver.stop();
  });

  test('closed on GitHub, then reopened: authentic, read as done and not done, by who did it', async () => {
    const ref = await tracker().create(draft());
    const reader = new GitHubHookReader(REPO);
    await github.closeOnGitHub(REPO, Number(ref.id), { by: 'mona' });
    await github.reopenOnGitHub(REPO, Number(ref.id), { by: 'hubot' });
    const [closed, reopened] = receiver.requestsTo('hook').slice(-2);
    for (const req of [closed, reopened])
      expect(reader.authentic(req?.headers ?? {}, req?.rawBody ?? '', 'hook-secret')).toBe(true);
    expect(reader.authentic(closed?.headers ?? {}, closed?.rawBody ?? '', 'another-secret')).toBe(false);
    expect(reader.read(closed?.body)).toEqual({ id: ref.id, key: ref.key, done: true, actor: 'mona' });
    expect(reader.read(reopened?.body)).toEqual({ id: ref.id, key: ref.key, done: false, actor: 'hubot' });
  });

  test('a ping is authentic and read as nothing', async () => {
    await github.ping(REPO);
    const ping = receiver.requestsTo('hook').at(-1);
    const reader = new GitHubHookReader(REPO);
    expect(reader.authentic(ping?.headers ?? {}, ping?.rawBody ?? '', 'hook-secret')).toBe(true);
    expect(reader.read(ping?.body)).toBeNull();
  });
});
