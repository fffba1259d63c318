import { createHmac, randomUUID } from 'node:crypto';
import { type Answer, FakeService, type Fault, type ReceivedRequest } from './fake-service';

/**
 * GitHub's REST API for issues, as ../shared/integration-specs/github-rest-issues/ describes it: create, list (with
 * `labels`, `state`, `sort`, `direction`, `per_page`/`page` and a `Link` header), get and update an issue, and
 * comment on one, each answered in the spec's `issue` / `issue-comment` shapes. Tokens are checked (`Bearer` or
 * `token`; 401 `Bad credentials`), an unknown repository or issue is a 404 `Not Found`, a bad body a 422 with
 * GitHub's `errors` list, a body that is not JSON a 400. Only repositories and tokens a test added exist.
 *
 * Beside the API, what people do on GitHub: close or reopen an issue (`closeOnGitHub`, `reopenOnGitHub`), and
 * delete one; each change is delivered as a signed `issues` webhook (X-Hub-Signature-256) to the hook a test set,
 * shaped like ../shared/integration-specs/github-webhooks-issues/'s examples, unless the test loses it.
 */

export interface GitHubIssue {
  /** `owner/name`, as added. */
  repo: string;
  number: number;
  id: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'duplicate' | 'reopened' | null;
  labels: string[];
  comments: GitHubComment[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** Who opened it (the token's login, or the test's). */
  author: string;
  closedBy: string | null;
  /** Items the list returns that are pull requests (`pull_request` key), as GitHub's list does. */
  pullRequest: boolean;
  /** Deleted on GitHub: a get answers 410 and lists leave it out. */
  deleted: boolean;
}

export interface GitHubComment {
  id: number;
  body: string;
  author: string;
  createdAt: string;
}

/** The answer of one webhook delivery, or why there was none. */
export interface GitHubHookDelivery {
  event: string;
  id: string;
  body: unknown;
  status: number | null;
  error?: string;
}

const API_VERSIONS = ['2022-11-28', '2026-03-10'];
const DOCS = 'https://docs.github.com/rest';
/** GitHub's limits on an issue's title and body (characters), answered 422 past them. */
const TITLE_MAX = 256;
const BODY_MAX = 65536;
const STATE_REASONS = ['completed', 'not_planned', 'duplicate', 'reopened'];
const HOOK_TIMEOUT_MS = 10_000;

export class FakeGitHub extends FakeService {
  readonly issues: GitHubIssue[] = [];
  /** Every webhook delivery attempted, oldest first. */
  readonly deliveries: GitHubHookDelivery[] = [];
  private readonly repos = new Map<string, { owner: string; name: string; id: number }>();
  private readonly tokens = new Map<string, string>();
  private hook: { url: string; secret: string; id: number } | undefined;
  private nextId = 1_000_000;

  /** `htmlUrl`: where people read issues (`html_url`), github.com unless a GitHub Enterprise host is played. */
  constructor(private readonly htmlUrl = 'https://github.com') {
    super('github');
    const repo = '/repos/:owner/:repo';
    this.route('POST', `${repo}/issues`, (req, p) => this.authed(req, p, (r) => this.create(req, r)), 'create');
    this.route('GET', `${repo}/issues`, (req, p) => this.authed(req, p, (r) => this.list(req, r)), 'list');
    const issue = `${repo}/issues/:number`;
    this.route(
      'GET',
      issue,
      (req, p) => this.onIssue(req, p, (i) => ({ status: 200, body: this.issueJson(i) })),
      'get',
    );
    this.route('PATCH', issue, (req, p) => this.onIssue(req, p, (i, r) => this.update(req, r, i)), 'update');
    this.route(
      'POST',
      `${issue}/comments`,
      (req, p) => this.onIssue(req, p, (i, r) => this.comment(req, r, i)),
      'comment',
    );
  }

  addRepo(fullName: string): this {
    const [owner = '', name = ''] = fullName.split('/');
    this.repos.set(fullName.toLowerCase(), { owner, name, id: this.id() });
    return this;
  }

  /** A token GitHub accepts, acting as `login`. */
  addToken(token: string, login = 'firebreak-bot'): this {
    this.tokens.set(token, login);
    return this;
  }

  /** Where `issues` events go, signed with `secret`; null: no hook. */
  setHook(hook: { url: string; secret: string } | null): this {
    this.hook = hook ? { ...hook, id: this.id() } : undefined;
    return this;
  }

  /** The repository's issues (pull requests left out), by number. */
  issuesOf(repo: string): GitHubIssue[] {
    return this.issues.filter((i) => sameRepo(i.repo, repo) && !i.pullRequest && !i.deleted);
  }

  issue(repo: string, number: number): GitHubIssue | undefined {
    return this.issues.find((i) => sameRepo(i.repo, repo) && i.number === number);
  }

  /** An issue (or pull request) made on GitHub by someone, not through the API under test. */
  seed(
    repo: string,
    fields: Partial<Pick<GitHubIssue, 'title' | 'labels' | 'pullRequest' | 'author'>> = {},
  ): GitHubIssue {
    return this.open(repo, {
      title: fields.title ?? 'Made on GitHub',
      body: null,
      labels: fields.labels ?? [],
      author: fields.author ?? 'octocat',
      pullRequest: fields.pullRequest ?? false,
    });
  }

  /** Someone closes the issue on GitHub; the `issues` event is delivered unless `lose` (a lost webhook). */
  closeOnGitHub(
    repo: string,
    number: number,
    options: { by?: string; reason?: 'completed' | 'not_planned'; lose?: boolean } = {},
  ): Promise<GitHubHookDelivery | null> {
    const issue = this.mustFind(repo, number);
    this.setState(issue, 'closed', options.reason ?? 'completed', options.by ?? 'octocat');
    return options.lose ? Promise.resolve(null) : this.deliverIssueEvent('closed', issue, options.by ?? 'octocat');
  }

  /** Someone reopens the issue on GitHub; delivered as closeOnGitHub's is. */
  reopenOnGitHub(repo: string, number: number, options: { by?: string; lose?: boolean } = {}) {
    const issue = this.mustFind(repo, number);
    this.setState(issue, 'open', 'reopened', options.by ?? 'octocat');
    return options.lose ? Promise.resolve(null) : this.deliverIssueEvent('reopened', issue, options.by ?? 'octocat');
  }

  /** Someone deletes the issue on GitHub (a get answers 410 Gone from then on). */
  deleteOnGitHub(repo: string, number: number): void {
    this.mustFind(repo, number).deleted = true;
  }

  /** Sends the `ping` event GitHub sends when a hook is created. */
  ping(repo: string): Promise<GitHubHookDelivery | null> {
    const r = this.mustRepo(repo);
    const hookId = this.hook?.id ?? 0;
    return this.deliver('ping', r.id, {
      zen: 'Keep it logically awesome.',
      hook_id: hookId,
      hook: {
        type: 'Repository',
        id: hookId,
        name: 'web',
        active: true,
        events: ['issues'],
        config: { content_type: 'json', url: this.hook?.url ?? '', insecure_ssl: '0' },
        updated_at: now(),
        created_at: now(),
        url: `${this.repoApi(r)}/hooks/${hookId}`,
        test_url: `${this.repoApi(r)}/hooks/${hookId}/test`,
        ping_url: `${this.repoApi(r)}/hooks/${hookId}/pings`,
        deliveries_url: `${this.repoApi(r)}/hooks/${hookId}/deliveries`,
        last_response: { code: null, status: 'unused', message: null },
      },
      repository: this.repositoryJson(r),
      sender: this.userJson('octocat'),
    });
  }

  /**
   * The next `times` requests to `route` are refused as GitHub's rate limits refuse: `secondary` a 403 with
   * `retry-after` (seconds); `primary` a 403 with `x-ratelimit-remaining: 0` and `x-ratelimit-reset` (epoch
   * seconds), as GitHub answers when the hour's budget is spent.
   */
  rateLimitNext(
    route: string,
    limit: { kind: 'secondary'; retryAfter: number } | { kind: 'primary'; resetAt: number },
    times = 1,
  ): void {
    const fault: Fault =
      limit.kind === 'secondary'
        ? {
            status: 403,
            headers: { 'retry-after': String(limit.retryAfter) },
            body: {
              message:
                'You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later.',
              documentation_url: `${DOCS}/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits`,
              status: '403',
            },
          }
        : {
            status: 403,
            headers: {
              'x-ratelimit-limit': '5000',
              'x-ratelimit-remaining': '0',
              'x-ratelimit-used': '5000',
              'x-ratelimit-reset': String(limit.resetAt),
              'x-ratelimit-resource': 'core',
            },
            body: {
              message: 'API rate limit exceeded for user ID 1.',
              documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api`,
              status: '403',
            },
          };
    this.failNext(route, fault, times);
  }

  // ---- the API ----

  private authed(
    req: ReceivedRequest,
    params: Record<string, string>,
    then: (r: { owner: string; name: string; id: number; login: string }) => Answer,
  ): Answer {
    const auth = req.headers.authorization ?? '';
    if (!auth) return error(401, 'Requires authentication');
    const token = /^(?:Bearer|token)\s+(\S+)$/i.exec(auth)?.[1];
    const login = token === undefined ? undefined : this.tokens.get(token);
    if (login === undefined) return error(401, 'Bad credentials');
    const version = req.headers['x-github-api-version'];
    if (version !== undefined && !API_VERSIONS.includes(version))
      return error(400, `API version ${version} is not supported.`);
    const repo = this.repos.get(`${params.owner}/${params.repo}`.toLowerCase());
    if (!repo) return error(404, 'Not Found');
    return then({ ...repo, login });
  }

  private create(req: ReceivedRequest, r: RepoAndLogin): Answer {
    const b = objectBody(req);
    if (!b) return error(400, 'Problems parsing JSON');
    const errors: FieldError[] = [];
    const title = b.title;
    if (title === undefined || title === null || title === '') errors.push(missing('title'));
    else if (typeof title !== 'string' && !Number.isInteger(title)) errors.push(invalid('title', title));
    else if (String(title).length > TITLE_MAX) errors.push(tooLong('title', TITLE_MAX));
    errors.push(...this.bodyErrors(b.body));
    const labels = labelNames(b.labels);
    if (labels === undefined) errors.push(invalid('labels', b.labels));
    const assignees = b.assignees;
    if (assignees !== undefined && !(Array.isArray(assignees) && assignees.every((x) => typeof x === 'string')))
      errors.push(invalid('assignees', assignees));
    if (errors.length) return validationFailed(errors);
    const issue = this.open(`${r.owner}/${r.name}`, {
      title: String(title),
      body: typeof b.body === 'string' ? b.body : null,
      labels: labels ?? [],
      author: r.login,
      pullRequest: false,
    });
    return { status: 201, body: this.issueJson(issue), headers: { location: this.issueApi(issue) } };
  }

  private list(req: ReceivedRequest, r: RepoAndLogin): Answer {
    const q = req.query;
    const state = q.get('state') ?? 'open';
    const sort = q.get('sort') ?? 'created';
    const direction = q.get('direction') ?? 'desc';
    const perPage = q.has('per_page') ? Number(q.get('per_page')) : 30;
    const page = q.has('page') ? Number(q.get('page')) : 1;
    const errors: FieldError[] = [];
    if (!['open', 'closed', 'all'].includes(state)) errors.push(invalid('state', state));
    if (!['created', 'updated', 'comments'].includes(sort)) errors.push(invalid('sort', sort));
    if (!['asc', 'desc'].includes(direction)) errors.push(invalid('direction', direction));
    if (!Number.isInteger(perPage) || perPage < 1) errors.push(invalid('per_page', q.get('per_page')));
    if (!Number.isInteger(page) || page < 1) errors.push(invalid('page', q.get('page')));
    if (errors.length) return validationFailed(errors);
    // GitHub's labels filter: every label named, compared without case.
    const wanted = (q.get('labels') ?? '')
      .split(',')
      .map((l) => l.trim().toLowerCase())
      .filter(Boolean);
    const key = (i: GitHubIssue) => (sort === 'updated' ? i.updatedAt : sort === 'comments' ? i.comments.length : i.id);
    const all = this.issues
      .filter((i) => sameRepo(i.repo, `${r.owner}/${r.name}`) && !i.deleted)
      .filter((i) => state === 'all' || i.state === state)
      .filter((i) => wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w)))
      .sort((a, b) => {
        const [x, y] = [key(a), key(b)];
        const order = x < y ? -1 : x > y ? 1 : a.id - b.id;
        return direction === 'asc' ? order : -order;
      });
    const size = Math.min(perPage, 100);
    const last = Math.max(1, Math.ceil(all.length / size));
    const items = all.slice((page - 1) * size, page * size);
    const link = (p: number, rel: string) => {
      const u = new URL(`${this.url}${req.path}`);
      for (const [k, v] of q) u.searchParams.set(k, v);
      u.searchParams.set('page', String(p));
      return `<${u}>; rel="${rel}"`;
    };
    const links = [
      ...(page > 1 ? [link(page - 1, 'prev')] : []),
      ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
      ...(page > 1 ? [link(1, 'first')] : []),
    ];
    return {
      status: 200,
      body: items.map((i) => this.issueJson(i)),
      headers: links.length ? { link: links.join(', ') } : {},
    };
  }

  /** The issue a path names: 404 when unknown (or not an issue number), 410 when deleted. */
  private onIssue(
    req: ReceivedRequest,
    params: Record<string, string>,
    then: (issue: GitHubIssue, r: RepoAndLogin) => Answer,
  ): Answer {
    return this.authed(req, params, (r) => {
      const number = params.number ?? '';
      const issue = /^\d+$/.test(number) ? this.issue(`${r.owner}/${r.name}`, Number(number)) : undefined;
      if (!issue) return error(404, 'Not Found');
      if (issue.deleted) return error(410, 'This issue was deleted');
      return then(issue, r);
    });
  }

  private update(req: ReceivedRequest, r: RepoAndLogin, issue: GitHubIssue): Answer {
    const b = objectBody(req);
    if (!b) return error(400, 'Problems parsing JSON');
    const errors: FieldError[] = [];
    if (b.title !== undefined && b.title !== null) {
      if (typeof b.title !== 'string' && !Number.isInteger(b.title)) errors.push(invalid('title', b.title));
      else if (String(b.title).length > TITLE_MAX) errors.push(tooLong('title', TITLE_MAX));
    }
    if (b.body !== null) errors.push(...this.bodyErrors(b.body));
    if (b.state !== undefined && b.state !== 'open' && b.state !== 'closed') errors.push(invalid('state', b.state));
    if (b.state_reason !== undefined && b.state_reason !== null && !STATE_REASONS.includes(b.state_reason as string))
      errors.push(invalid('state_reason', b.state_reason));
    const labels = labelNames(b.labels);
    if (labels === undefined) errors.push(invalid('labels', b.labels));
    if (errors.length) return validationFailed(errors);
    if (typeof b.title === 'string' || typeof b.title === 'number') issue.title = String(b.title);
    if (b.body !== undefined) issue.body = typeof b.body === 'string' ? b.body : null;
    if (b.labels !== undefined) issue.labels = labels ?? [];
    // As GitHub does: state_reason is ignored unless the state changes.
    if (b.state === 'closed' && issue.state !== 'closed')
      this.setState(issue, 'closed', (b.state_reason as GitHubIssue['stateReason']) ?? 'completed', r.login);
    else if (b.state === 'open' && issue.state !== 'open') this.setState(issue, 'open', 'reopened', r.login);
    issue.updatedAt = now();
    return { status: 200, body: this.issueJson(issue) };
  }

  private comment(req: ReceivedRequest, r: RepoAndLogin, issue: GitHubIssue): Answer {
    const b = objectBody(req);
    if (!b) return error(400, 'Problems parsing JSON');
    const errors = b.body === undefined || b.body === '' ? [missing('body')] : this.bodyErrors(b.body);
    if (errors.length) return validationFailed(errors);
    const c: GitHubComment = { id: this.id(), body: b.body as string, author: r.login, createdAt: now() };
    issue.comments.push(c);
    issue.updatedAt = c.createdAt;
    const url = `${this.issueApi(issue).replace(/\/\d+$/, '')}/comments/${c.id}`;
    return {
      status: 201,
      headers: { location: url },
      body: {
        id: c.id,
        node_id: nodeId('IC', c.id),
        url,
        html_url: `${this.issueHtml(issue)}#issuecomment-${c.id}`,
        body: c.body,
        user: this.userJson(c.author),
        created_at: c.createdAt,
        updated_at: c.createdAt,
        issue_url: this.issueApi(issue),
        author_association: 'MEMBER',
        performed_via_github_app: null,
        reactions: this.reactions(`${url}/reactions`),
      },
    };
  }

  // ---- the state the fake holds ----

  private open(
    repo: string,
    fields: Pick<GitHubIssue, 'title' | 'body' | 'labels' | 'author' | 'pullRequest'>,
  ): GitHubIssue {
    const r = this.mustRepo(repo);
    const full = `${r.owner}/${r.name}`;
    const at = now();
    const issue: GitHubIssue = {
      repo: full,
      number: this.issues.filter((i) => sameRepo(i.repo, full)).length + 1,
      id: this.id(),
      state: 'open',
      stateReason: null,
      comments: [],
      createdAt: at,
      updatedAt: at,
      closedAt: null,
      closedBy: null,
      deleted: false,
      ...fields,
      // A label is kept once, in the case first given, as GitHub keeps it.
      labels: fields.labels.filter((l, i, all) => all.findIndex((x) => x.toLowerCase() === l.toLowerCase()) === i),
    };
    this.issues.push(issue);
    return issue;
  }

  private setState(issue: GitHubIssue, state: 'open' | 'closed', reason: GitHubIssue['stateReason'], by: string) {
    issue.state = state;
    issue.stateReason = reason;
    issue.updatedAt = now();
    issue.closedAt = state === 'closed' ? issue.updatedAt : issue.closedAt;
    issue.closedBy = state === 'closed' ? by : issue.closedBy;
  }

  private mustRepo(repo: string) {
    const r = this.repos.get(repo.toLowerCase());
    if (!r) throw new Error(`github fake: no repository ${repo}`);
    return r;
  }

  private mustFind(repo: string, number: number): GitHubIssue {
    const issue = this.issue(repo, number);
    if (!issue) throw new Error(`github fake: no issue ${repo}#${number}`);
    return issue;
  }

  private id(): number {
    this.nextId += 1;
    return this.nextId;
  }

  private bodyErrors(body: unknown): FieldError[] {
    if (body === undefined || body === null) return [];
    if (typeof body !== 'string') return [invalid('body', body)];
    return body.length > BODY_MAX ? [tooLong('body', BODY_MAX)] : [];
  }

  // ---- the shapes GitHub answers in ----

  private repoApi(r: { owner: string; name: string }): string {
    return `${this.url}/repos/${r.owner}/${r.name}`;
  }

  private issueApi(i: GitHubIssue): string {
    return `${this.url}/repos/${i.repo}/issues/${i.number}`;
  }

  private issueHtml(i: GitHubIssue): string {
    return `${this.htmlUrl}/${i.repo}/${i.pullRequest ? 'pull' : 'issues'}/${i.number}`;
  }

  private userJson(login: string) {
    const id = [...login].reduce((n, c) => (n * 31 + c.charCodeAt(0)) % 100_000_000, 7);
    const api = `${this.url}/users/${login}`;
    return {
      login,
      id,
      node_id: nodeId('U', id),
      avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
      gravatar_id: '',
      url: api,
      html_url: `${this.htmlUrl}/${login}`,
      followers_url: `${api}/followers`,
      following_url: `${api}/following{/other_user}`,
      gists_url: `${api}/gists{/gist_id}`,
      starred_url: `${api}/starred{/owner}{/repo}`,
      subscriptions_url: `${api}/subscriptions`,
      organizations_url: `${api}/orgs`,
      repos_url: `${api}/repos`,
      events_url: `${api}/events{/privacy}`,
      received_events_url: `${api}/received_events`,
      type: login.endsWith('[bot]') ? 'Bot' : 'User',
      site_admin: false,
    };
  }

  private reactions(url: string) {
    return {
      url,
      total_count: 0,
      '+1': 0,
      '-1': 0,
      laugh: 0,
      hooray: 0,
      confused: 0,
      heart: 0,
      rocket: 0,
      eyes: 0,
    };
  }

  private labelJson(repo: string, name: string) {
    const id = [...`${repo}/${name.toLowerCase()}`].reduce((n, c) => (n * 31 + c.charCodeAt(0)) % 1_000_000_000, 11);
    return {
      id,
      node_id: nodeId('LA', id),
      url: `${this.url}/repos/${repo}/labels/${encodeURIComponent(name)}`,
      name,
      color: 'ededed',
      default: false,
      description: null,
    };
  }

  /** The REST `issue` schema's fields (those it requires, and those a client reads). */
  private issueJson(i: GitHubIssue) {
    const api = this.issueApi(i);
    return {
      url: api,
      repository_url: `${this.url}/repos/${i.repo}`,
      labels_url: `${api}/labels{/name}`,
      comments_url: `${api}/comments`,
      events_url: `${api}/events`,
      html_url: this.issueHtml(i),
      id: i.id,
      node_id: nodeId('I', i.id),
      number: i.number,
      title: i.title,
      user: this.userJson(i.author),
      labels: i.labels.map((l) => this.labelJson(i.repo, l)),
      state: i.state,
      locked: false,
      assignee: null,
      assignees: [],
      milestone: null,
      comments: i.comments.length,
      created_at: i.createdAt,
      updated_at: i.updatedAt,
      closed_at: i.closedAt,
      author_association: 'MEMBER',
      active_lock_reason: null,
      body: i.body,
      closed_by: i.closedBy === null ? null : this.userJson(i.closedBy),
      reactions: this.reactions(`${api}/reactions`),
      timeline_url: `${api}/timeline`,
      performed_via_github_app: null,
      state_reason: i.stateReason,
      ...(i.pullRequest
        ? {
            draft: false,
            pull_request: {
              url: `${this.url}/repos/${i.repo}/pulls/${i.number}`,
              html_url: this.issueHtml(i),
              diff_url: `${this.issueHtml(i)}.diff`,
              patch_url: `${this.issueHtml(i)}.patch`,
              merged_at: null,
            },
          }
        : {}),
    };
  }

  /** The webhook's `repository` object (every field its schema requires), built as the examples' is. */
  private repositoryJson(r: { owner: string; name: string; id: number }) {
    const api = this.repoApi(r);
    const html = `${this.htmlUrl}/${r.owner}/${r.name}`;
    const host = new URL(this.htmlUrl).host;
    const urls: Record<string, string> = {};
    for (const [field, path] of Object.entries(REPO_URLS)) urls[field] = `${api}${path}`;
    const open = this.issuesOf(`${r.owner}/${r.name}`).filter((i) => i.state === 'open').length;
    return {
      id: r.id,
      node_id: nodeId('R', r.id),
      name: r.name,
      full_name: `${r.owner}/${r.name}`,
      private: true,
      owner: this.userJson(r.owner),
      html_url: html,
      description: null,
      fork: false,
      url: api,
      ...urls,
      created_at: '2026-01-05T09:00:00Z',
      updated_at: '2026-01-05T09:00:00Z',
      pushed_at: '2026-01-05T09:00:00Z',
      git_url: `git://${host}/${r.owner}/${r.name}.git`,
      ssh_url: `git@${host}:${r.owner}/${r.name}.git`,
      clone_url: `${html}.git`,
      svn_url: html,
      homepage: null,
      size: 0,
      stargazers_count: 0,
      watchers_count: 0,
      language: null,
      has_issues: true,
      has_projects: true,
      has_downloads: true,
      has_wiki: true,
      has_pages: false,
      forks_count: 0,
      mirror_url: null,
      archived: false,
      disabled: false,
      open_issues_count: open,
      license: null,
      forks: 0,
      open_issues: open,
      watchers: 0,
      default_branch: 'main',
      is_template: false,
      topics: [],
      visibility: 'private',
      web_commit_signoff_required: false,
      custom_properties: {},
    };
  }

  // ---- webhooks ----

  private deliverIssueEvent(action: 'closed' | 'reopened', issue: GitHubIssue, by: string) {
    const r = this.mustRepo(issue.repo);
    return this.deliver('issues', r.id, {
      action,
      issue: this.issueJson(issue),
      repository: this.repositoryJson(r),
      sender: this.userJson(by),
    });
  }

  private async deliver(event: string, repoId: number, payload: object): Promise<GitHubHookDelivery | null> {
    const hook = this.hook;
    if (!hook) return null;
    const raw = JSON.stringify(payload);
    const id = randomUUID();
    const delivery: GitHubHookDelivery = { event, id, body: payload, status: null };
    this.deliveries.push(delivery);
    try {
      const res = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'GitHub-Hookshot/f1rebrk',
          'x-github-event': event,
          'x-github-delivery': id,
          'x-github-hook-id': String(hook.id),
          'x-github-hook-installation-target-id': String(repoId),
          'x-github-hook-installation-target-type': 'repository',
          'x-hub-signature': `sha1=${createHmac('sha1', hook.secret).update(raw).digest('hex')}`,
          'x-hub-signature-256': `sha256=${createHmac('sha256', hook.secret).update(raw).digest('hex')}`,
        },
        body: raw,
        signal: AbortSignal.timeout(HOOK_TIMEOUT_MS),
      });
      await res.text().catch(() => '');
      delivery.status = res.status;
    } catch (e) {
      delivery.error = String(e);
    }
    return delivery;
  }
}

type RepoAndLogin = { owner: string; name: string; id: number; login: string };

interface FieldError {
  resource: string;
  field: string;
  code: string;
  message?: string;
  value?: unknown;
}

/** The repository URLs the webhook's `repository` object carries, after its API URL. */
const REPO_URLS: Record<string, string> = {
  forks_url: '/forks',
  keys_url: '/keys{/key_id}',
  collaborators_url: '/collaborators{/collaborator}',
  teams_url: '/teams',
  hooks_url: '/hooks',
  issue_events_url: '/issues/events{/number}',
  events_url: '/events',
  assignees_url: '/assignees{/user}',
  branches_url: '/branches{/branch}',
  tags_url: '/tags',
  blobs_url: '/git/blobs{/sha}',
  git_tags_url: '/git/tags{/sha}',
  git_refs_url: '/git/refs{/sha}',
  trees_url: '/git/trees{/sha}',
  statuses_url: '/statuses/{sha}',
  languages_url: '/languages',
  stargazers_url: '/stargazers',
  contributors_url: '/contributors',
  subscribers_url: '/subscribers',
  subscription_url: '/subscription',
  commits_url: '/commits{/sha}',
  git_commits_url: '/git/commits{/sha}',
  comments_url: '/comments{/number}',
  issue_comment_url: '/issues/comments{/number}',
  contents_url: '/contents/{+path}',
  compare_url: '/compare/{base}...{head}',
  merges_url: '/merges',
  archive_url: '/{archive_format}{/ref}',
  downloads_url: '/downloads',
  issues_url: '/issues{/number}',
  pulls_url: '/pulls{/number}',
  milestones_url: '/milestones{/number}',
  notifications_url: '/notifications{?since,all,participating}',
  labels_url: '/labels{/name}',
  releases_url: '/releases{/id}',
  deployments_url: '/deployments',
};

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const sameRepo = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const nodeId = (prefix: string, id: number) => `${prefix}_${Buffer.from(`fake:${id}`).toString('base64url')}`;

/** GitHub's basic error: `{message, documentation_url, status}`. */
function error(status: number, message: string): Answer {
  return { status, body: { message, documentation_url: DOCS, status: String(status) } };
}

function validationFailed(errors: FieldError[]): Answer {
  return {
    status: 422,
    body: {
      message: 'Validation Failed',
      errors,
      documentation_url: `${DOCS}/issues/issues`,
      status: '422',
    },
  };
}

const missing = (field: string): FieldError => ({ resource: 'Issue', field, code: 'missing_field' });
const tooLong = (field: string, max: number): FieldError => ({
  resource: 'Issue',
  field,
  code: 'custom',
  message: `${field} is too long (maximum is ${max} characters)`,
});
function invalid(field: string, value: unknown): FieldError {
  const shown =
    typeof value === 'string' || typeof value === 'number' || value === null ? value : JSON.stringify(value);
  return { resource: 'Issue', field, code: 'invalid', value: shown };
}

function objectBody(req: ReceivedRequest): Record<string, unknown> | undefined {
  const b = req.body;
  return typeof b === 'object' && b !== null && !Array.isArray(b) ? (b as Record<string, unknown>) : undefined;
}

/** Label names from a body's `labels` (names, or objects with a `name`); undefined when malformed; [] when absent. */
function labelNames(labels: unknown): string[] | undefined {
  if (labels === undefined) return [];
  if (!Array.isArray(labels)) return undefined;
  const names = labels.map((l) =>
    typeof l === 'string' ? l : typeof l === 'object' && l !== null ? (l as { name?: unknown }).name : undefined,
  );
  return names.every((n): n is string => typeof n === 'string' && n.trim() !== '') ? names : undefined;
}
