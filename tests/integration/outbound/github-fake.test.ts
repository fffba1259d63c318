// The GitHub fake against GitHub's own descriptions (tests/fixtures/github, from ../shared/integration-specs/): its
// answers validate against the REST spec's schemas, its webhooks against the webhook spec's, and it refuses what
// GitHub refuses (401, 404, 410, 422 with `errors`, 400), so the adapter's tests assert against what GitHub answers.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FakeGitHub, FakeService } from '@firebreak/service-fakes';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';

const FIXTURES = path.join(__dirname, '../../fixtures/github');
const fixture = (name: string) => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8'));

/** OpenAPI 3.0's `nullable` as JSON Schema (Ajv reads `nullable` only beside a `type`). */
function jsonSchema(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(jsonSchema);
  if (typeof s !== 'object' || s === null) return s;
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) if (k !== 'nullable' && k !== 'example') o[k] = jsonSchema(v);
  if ((s as { nullable?: unknown }).nullable !== true) return o;
  if (typeof o.type !== 'string') return { anyOf: [o, { type: 'null' }] };
  return { ...o, type: [o.type, 'null'], ...(Array.isArray(o.enum) ? { enum: [...o.enum, null] } : {}) };
}

const rest = new Ajv({ strict: false, validateFormats: false, allErrors: true });
rest.addSchema({ $id: 'rest', components: jsonSchema(fixture('rest-issues.openapi.json').components) });
const hooks = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
hooks.addSchema({ $id: 'hooks', components: fixture('webhooks-issues.openapi.json').components });

function expectValid(ajv: Ajv | Ajv2020, ref: string, value: unknown): void {
  const validate = ajv.getSchema(ref);
  if (!validate) throw new Error(`no schema ${ref}`);
  const ok = validate(value);
  expect(ok ? [] : validate.errors).toEqual([]);
}

const TOKEN = 'ghp_f1rebreakTestToken';
const REPO = 'acme/ops';
const github = new FakeGitHub().addRepo(REPO).addToken(TOKEN, 'firebreak-bot');
const receiver = new FakeService('hook-receiver');
receiver.route('POST', '/hooks/tickets/github', () => ({ status: 204 }), 'hook');
beforeAll(async () => {
  await Promise.all([github.start(), receiver.start()]);
});
afterAll(() => Promise.all([github.stop(), receiver.stop()]));

const auth = {
  authorization: `Bearer ${TOKEN}`,
  accept: 'application/vnd.github+json',
  'x-github-api-version': '2022-11-28',
};

async function api(method: string, p: string, body?: unknown, headers: Record<string, string> = auth) {
  const res = await fetch(`${github.url}${p}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

const createIssue = (body: Record<string, unknown>) => api('POST', `/repos/${REPO}/issues`, body);

describe('the REST API', () => {
  test('create answers 201 in the issue schema, with a Location; get, comment and update answer in theirs', async () => {
    const created = await createIssue({ title: 'Rotate the keys', body: 'From INC-7', labels: ['firebreak', 'fu-1'] });
    expect(created.status).toBe(201);
    expectValid(rest, 'rest#/components/schemas/issue', created.body);
    expect(created.body).toMatchObject({
      state: 'open',
      title: 'Rotate the keys',
      body: 'From INC-7',
      html_url: `https://github.com/${REPO}/issues/${created.body.number}`,
      user: { login: 'firebreak-bot' },
    });
    expect(created.body.labels.map((l: { name: string }) => l.name)).toEqual(['firebreak', 'fu-1']);
    expect(created.headers.get('location')).toBe(created.body.url);

    const n = created.body.number;
    const got = await api('GET', `/repos/${REPO}/issues/${n}`);
    expect(got.status).toBe(200);
    expectValid(rest, 'rest#/components/schemas/issue', got.body);

    const comment = await api('POST', `/repos/${REPO}/issues/${n}/comments`, { body: 'Done in Slack' });
    expect(comment.status).toBe(201);
    expectValid(rest, 'rest#/components/schemas/issue-comment', comment.body);
    expect(comment.body).toMatchObject({ body: 'Done in Slack', issue_url: created.body.url });

    const closed = await api('PATCH', `/repos/${REPO}/issues/${n}`, { state: 'closed', state_reason: 'completed' });
    expect(closed.status).toBe(200);
    expectValid(rest, 'rest#/components/schemas/issue', closed.body);
    expect(closed.body).toMatchObject({ state: 'closed', state_reason: 'completed', comments: 1 });
    expect(closed.body.closed_at).toEqual(expect.any(String));
    expect(github.issue(REPO, n)).toMatchObject({ state: 'closed', closedBy: 'firebreak-bot' });

    const reopened = await api('PATCH', `/repos/${REPO}/issues/${n}`, { state: 'open' });
    expect(reopened.body).toMatchObject({ state: 'open', state_reason: 'reopened' });
  });

  test('list filters by every label named (without case) and by state, pull requests included as GitHub does', async () => {
    const repo = 'acme/list-filter';
    github.addRepo(repo);
    const a = github.seed(repo, { title: 'a', labels: ['firebreak', 'Marker-1'] });
    const b = github.seed(repo, { title: 'b', labels: ['firebreak'] });
    const pr = github.seed(repo, { title: 'pr', labels: ['firebreak', 'marker-1'], pullRequest: true });
    await api('PATCH', `/repos/${repo}/issues/${b.number}`, { state: 'closed' });

    const open = await api('GET', `/repos/${repo}/issues?labels=firebreak`);
    expect(open.status).toBe(200);
    for (const item of open.body) expectValid(rest, 'rest#/components/schemas/issue', item);
    expect(open.body.map((i: { title: string }) => i.title)).toEqual(['pr', 'a']);
    expect(open.body[0].pull_request).toMatchObject({ html_url: `https://github.com/${repo}/pull/${pr.number}` });

    const marked = await api('GET', `/repos/${repo}/issues?labels=marker-1,firebreak&state=all&direction=asc`);
    expect(marked.body.map((i: { number: number }) => i.number)).toEqual([a.number, pr.number]);
    const closed = await api('GET', `/repos/${repo}/issues?state=closed`);
    expect(closed.body.map((i: { number: number }) => i.number)).toEqual([b.number]);
    expect((await api('GET', `/repos/${repo}/issues?state=done`)).status).toBe(422);
  });

  test('pages: per_page (at most 100) and page, with a Link header naming prev, next, first and last', async () => {
    const repo = 'acme/pages';
    github.addRepo(repo);
    for (let i = 1; i <= 5; i += 1) github.seed(repo, { title: `t${i}` });
    const first = await api('GET', `/repos/${repo}/issues?per_page=2&direction=asc`);
    expect(first.body.map((i: { title: string }) => i.title)).toEqual(['t1', 't2']);
    const link = first.headers.get('link') ?? '';
    expect(link).toContain('rel="next"');
    expect(link).toContain('rel="last"');
    expect(link).not.toContain('rel="prev"');
    const next = /<([^>]+)>; rel="next"/.exec(link)?.[1] ?? '';
    expect(new URL(next).searchParams.get('page')).toBe('2');
    expect(new URL(next).searchParams.get('per_page')).toBe('2');

    const last = await api('GET', `/repos/${repo}/issues?per_page=2&direction=asc&page=3`);
    expect(last.body.map((i: { title: string }) => i.title)).toEqual(['t5']);
    expect(last.headers.get('link')).toContain('rel="prev"');
    expect(last.headers.get('link')).toContain('rel="first"');
    expect(last.headers.get('link')).not.toContain('rel="next"');
    const all = await api('GET', `/repos/${repo}/issues?per_page=500`);
    expect(all.body).toHaveLength(5);
    expect(all.headers.get('link')).toBeNull();
  });

  test('no token: 401 Requires authentication; an unknown one: 401 Bad credentials; `token` is accepted too', async () => {
    const none = await api('GET', `/repos/${REPO}/issues`, undefined, {});
    expect(none).toMatchObject({ status: 401, body: { message: 'Requires authentication' } });
    const bad = await api('POST', `/repos/${REPO}/issues`, { title: 't' }, { authorization: 'Bearer ghp_wrong' });
    expect(bad).toMatchObject({ status: 401, body: { message: 'Bad credentials', status: '401' } });
    expectValid(rest, 'rest#/components/schemas/basic-error', bad.body);
    const before = github.issuesOf(REPO).length;
    expect((await api('GET', `/repos/${REPO}/issues`, undefined, { authorization: `token ${TOKEN}` })).status).toBe(
      200,
    );
    expect(github.issuesOf(REPO)).toHaveLength(before);
  });

  test('an unknown repository or issue is a 404, a deleted issue a 410; an unknown API version a 400', async () => {
    expect(await api('GET', '/repos/acme/nope/issues')).toMatchObject({ status: 404, body: { message: 'Not Found' } });
    expect((await api('GET', `/repos/${REPO}/issues/9999`)).status).toBe(404);
    expect((await api('PATCH', `/repos/${REPO}/issues/9999`, { state: 'closed' })).status).toBe(404);
    expect((await api('POST', `/repos/${REPO}/issues/9999/comments`, { body: 'x' })).status).toBe(404);
    const issue = github.seed(REPO, { title: 'to delete' });
    github.deleteOnGitHub(REPO, issue.number);
    expect((await api('GET', `/repos/${REPO}/issues/${issue.number}`)).status).toBe(410);
    const version = await api('GET', `/repos/${REPO}/issues`, undefined, {
      ...auth,
      'x-github-api-version': '2019-01-01',
    });
    expect(version.status).toBe(400);
  });

  test.each([
    ['no title', { body: 'x' }, 'title', 'missing_field'],
    ['an empty title', { title: '' }, 'title', 'missing_field'],
    ['a title over 256 characters', { title: 't'.repeat(257) }, 'title', 'custom'],
    ['a title that is an object', { title: { a: 1 } }, 'title', 'invalid'],
    ['a body over 65536 characters', { title: 't', body: 'b'.repeat(65537) }, 'body', 'custom'],
    ['a body that is a number', { title: 't', body: 5 }, 'body', 'invalid'],
    ['labels that are not a list', { title: 't', labels: 'firebreak' }, 'labels', 'invalid'],
    ['a label that is a number', { title: 't', labels: [3] }, 'labels', 'invalid'],
    ['assignees that are not logins', { title: 't', assignees: [{}] }, 'assignees', 'invalid'],
  ])('create with %s is a 422 naming the field, and makes nothing', async (_name, body, field, code) => {
    const before = github.issues.length;
    const answer = await createIssue(body);
    expect(answer.status).toBe(422);
    expectValid(rest, 'rest#/components/schemas/validation-error', answer.body);
    expect(answer.body.message).toBe('Validation Failed');
    expect(answer.body.errors).toEqual([expect.objectContaining({ resource: 'Issue', field, code })]);
    expect(github.issues).toHaveLength(before);
  });

  test('update and comment refuse what GitHub refuses; a body that is not JSON is a 400', async () => {
    const issue = github.seed(REPO, { title: 'refusals' });
    const at = `/repos/${REPO}/issues/${issue.number}`;
    const badState = await api('PATCH', at, { state: 'done' });
    expect(badState.status).toBe(422);
    expect(badState.body.errors).toEqual([expect.objectContaining({ field: 'state', code: 'invalid' })]);
    const badReason = await api('PATCH', at, { state: 'closed', state_reason: 'fixed' });
    expect(badReason.body.errors).toEqual([expect.objectContaining({ field: 'state_reason', code: 'invalid' })]);
    const noBody = await api('POST', `${at}/comments`, {});
    expect(noBody.status).toBe(422);
    expect(noBody.body.errors).toEqual([expect.objectContaining({ field: 'body', code: 'missing_field' })]);
    expect(github.issue(REPO, issue.number)).toMatchObject({ state: 'open', comments: [] });
    const notJson = await api('POST', `/repos/${REPO}/issues`, '{title');
    expect(notJson).toMatchObject({ status: 400, body: { message: 'Problems parsing JSON' } });
  });
});

describe('faults', () => {
  test('a secondary rate limit is a 403 with retry-after; the primary one names its reset; 429, 500 and hangs', async () => {
    github.rateLimitNext('create', { kind: 'secondary', retryAfter: 42 });
    const secondary = await createIssue({ title: 't' });
    expect(secondary.status).toBe(403);
    expect(secondary.headers.get('retry-after')).toBe('42');
    expect(secondary.body.message).toMatch(/secondary rate limit/);
    expectValid(rest, 'rest#/components/schemas/basic-error', secondary.body);

    github.rateLimitNext('get', { kind: 'primary', resetAt: 1_900_000_000 });
    const primary = await api('GET', `/repos/${REPO}/issues/1`);
    expect(primary.status).toBe(403);
    expect(primary.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(primary.headers.get('x-ratelimit-reset')).toBe('1900000000');

    github.failNext('list', { status: 429, retryAfter: 3 });
    const limited = await api('GET', `/repos/${REPO}/issues`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    github.failNext('list', { status: 500 });
    expect((await api('GET', `/repos/${REPO}/issues`)).status).toBe(500);

    github.failNext('list', { hangMs: 2000 });
    const hung = await fetch(`${github.url}/repos/${REPO}/issues`, {
      headers: auth,
      signal: AbortSignal.timeout(100),
    }).then(
      () => 'answered',
      (e: Error) => e.name,
    );
    expect(hung).toBe('TimeoutError');
    // Spent: the next request is answered.
    expect((await api('GET', `/repos/${REPO}/issues`)).status).toBe(200);
  });
});

describe('webhooks', () => {
  const SECRET = 'hook secret';
  beforeAll(() => github.setHook({ url: `${receiver.url}/hooks/tickets/github`, secret: SECRET }));

  test("GitHub's own examples validate against the schemas the fake is held to (so the check below can fail)", () => {
    expectValid(
      hooks,
      'hooks#/components/schemas/webhook-issues-reopened',
      fixture('example-issues-reopened.payload.json'),
    );
    expectValid(
      hooks,
      'hooks#/components/schemas/webhook-issues-opened',
      fixture('example-issues-opened.payload.json'),
    );
    expectValid(hooks, 'hooks#/components/schemas/webhook-ping', fixture('example-ping-payload.json'));
    const closed = fixture('example-issues-reopened.payload.json');
    const validate = hooks.getSchema('hooks#/components/schemas/webhook-issues-closed');
    expect(validate?.(closed)).toBe(false);
    expect(validate?.({ ...closed, action: 'closed', issue: { ...closed.issue, state: 'closed' } })).toBe(true);
  });

  test('closing on GitHub sends the signed `issues` event, shaped as the schema says; reopening too', async () => {
    const issue = github.seed(REPO, { title: 'hooked', labels: ['firebreak'] });
    const delivery = await github.closeOnGitHub(REPO, issue.number, { by: 'mona' });
    expect(delivery).toMatchObject({ event: 'issues', status: 204 });
    const req = receiver.requestsTo('hook').at(-1);
    expect(req?.headers).toMatchObject({
      'content-type': 'application/json',
      'x-github-event': 'issues',
      'x-github-delivery': delivery?.id,
      'x-github-hook-installation-target-type': 'repository',
    });
    expect(req?.headers['user-agent']).toMatch(/^GitHub-Hookshot\//);
    const mac = createHmac('sha256', SECRET)
      .update(req?.rawBody ?? '')
      .digest('hex');
    expect(req?.headers['x-hub-signature-256']).toBe(`sha256=${mac}`);
    expectValid(hooks, 'hooks#/components/schemas/webhook-issues-closed', req?.body);
    expect(req?.body).toMatchObject({
      action: 'closed',
      issue: { number: issue.number, state: 'closed', state_reason: 'completed' },
      repository: { full_name: REPO },
      sender: { login: 'mona' },
    });

    await github.reopenOnGitHub(REPO, issue.number);
    const reopened = receiver.requestsTo('hook').at(-1);
    expectValid(hooks, 'hooks#/components/schemas/webhook-issues-reopened', reopened?.body);
    expect(reopened?.body).toMatchObject({ action: 'reopened', issue: { state: 'open' } });
    expect(github.issue(REPO, issue.number)?.state).toBe('open');
  });

  test('a lost webhook changes the issue and sends nothing; ping is sent as GitHub sends it', async () => {
    const issue = github.seed(REPO, { title: 'lost' });
    const before = receiver.requestsTo('hook').length;
    expect(await github.closeOnGitHub(REPO, issue.number, { lose: true })).toBeNull();
    expect(receiver.requestsTo('hook')).toHaveLength(before);
    expect(github.issue(REPO, issue.number)?.state).toBe('closed');

    await github.ping(REPO);
    const ping = receiver.requestsTo('hook').at(-1);
    expect(ping?.headers['x-github-event']).toBe('ping');
    expectValid(hooks, 'hooks#/components/schemas/webhook-ping', ping?.body);
  });
});
