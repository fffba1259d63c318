import { createHmac } from 'node:crypto';
import { type Answer, FakeService, type ReceivedRequest } from './fake-service';

/**
 * Jira Cloud REST v3, as ../shared/integration-specs/jira-cloud-v3/ describes it, for the operations a tracker
 * integration uses: create, get and edit an issue, its transitions (read and do), the enhanced JQL search
 * (`POST /rest/api/3/search/jql`, `labels = "…"` and `project = …` clauses joined by AND), comments, and the
 * user search (`GET /rest/api/3/user/search?query=`). Basic auth (`email:api token`) is checked (401); a create
 * names a known project and one of its issue types, a summary of one line up to 255 characters, labels without
 * spaces, a `YYYY-MM-DD` due date, an assignee by account id, and an ADF description (400 with Jira's
 * `errorMessages`/`errors` otherwise). A change of status (a transition, or `closeInTracker` from a test) sends the
 * issue webhook, `jira:issue_updated` signed `X-Hub-Signature: sha256=<hex>`, to the URL set by `sendWebhooksTo`.
 */

export interface JiraUser {
  accountId: string;
  email: string;
  displayName: string;
}

export interface JiraComment {
  id: string;
  body: unknown;
}

export interface JiraIssue {
  id: string;
  key: string;
  project: string;
  issueType: string;
  summary: string;
  description: unknown;
  labels: string[];
  duedate: string | null;
  assignee: string | null;
  statusId: string;
  comments: JiraComment[];
}

export interface JiraWebhookDelivery {
  issueKey: string;
  status: number | null;
  body: unknown;
}

type Category = 'new' | 'indeterminate' | 'done';
const STATUSES: Record<string, { name: string; category: Category }> = {
  '10000': { name: 'To Do', category: 'new' },
  '3': { name: 'In Progress', category: 'indeterminate' },
  '10001': { name: 'Done', category: 'done' },
};
const CATEGORY: Record<Category, { id: number; name: string; colorName: string }> = {
  new: { id: 2, name: 'To Do', colorName: 'blue-gray' },
  indeterminate: { id: 4, name: 'In Progress', colorName: 'yellow' },
  done: { id: 3, name: 'Done', colorName: 'green' },
};
const TRANSITIONS = [
  { id: '11', name: 'To Do', to: '10000' },
  { id: '21', name: 'In Progress', to: '3' },
  { id: '31', name: 'Done', to: '10001' },
];

const errors = (status: number, errorMessages: string[], fieldErrors: Record<string, string> = {}): Answer => ({
  status,
  body: { errorMessages, errors: fieldErrors },
});
const notFound = () => errors(404, ['Issue does not exist or you do not have permission to see it.']);

export class FakeJira extends FakeService {
  readonly issues: JiraIssue[] = [];
  readonly users: JiraUser[] = [];
  readonly webhooks: JiraWebhookDelivery[] = [];
  private readonly credentials = new Set<string>();
  private readonly projects = new Map<string, { id: string; issueTypes: string[] }>();
  private hook: { url: string; secret: string } | null = null;
  private doneTransition = true;
  private readonly hidden = new Set<string>();
  private nextId = 10001;
  private readonly sending = new Set<Promise<void>>();

  constructor() {
    super('jira');
    const authed =
      (then: (req: ReceivedRequest, p: Record<string, string>) => Answer) =>
      (req: ReceivedRequest, p: Record<string, string>) =>
        this.authentic(req) ? then(req, p) : errors(401, ['You are not authenticated. Authentication required.']);
    this.route(
      'POST',
      '/rest/api/3/issue',
      authed((req) => this.create(req)),
      'create',
    );
    this.route(
      'GET',
      '/rest/api/3/issue/:issue',
      authed((req, p) => this.get(req, p.issue)),
      'get',
    );
    this.route(
      'PUT',
      '/rest/api/3/issue/:issue',
      authed((req, p) => this.edit(req, p.issue)),
      'edit',
    );
    this.route(
      'GET',
      '/rest/api/3/issue/:issue/transitions',
      authed((_req, p) => this.transitions(p.issue)),
      'transitions',
    );
    this.route(
      'POST',
      '/rest/api/3/issue/:issue/transitions',
      authed((req, p) => this.transition(req, p.issue)),
      'transition',
    );
    this.route(
      'POST',
      '/rest/api/3/search/jql',
      authed((req) => this.search(req)),
      'search',
    );
    this.route(
      'POST',
      '/rest/api/3/issue/:issue/comment',
      authed((req, p) => this.comment(req, p.issue)),
      'comment',
    );
    this.route(
      'GET',
      '/rest/api/3/user/search',
      authed((req) => this.userSearch(req)),
      'userSearch',
    );
  }

  /** An Atlassian account's email and API token, accepted in basic auth. */
  addAccount(email: string, token: string): this {
    this.credentials.add(Buffer.from(`${email}:${token}`).toString('base64'));
    return this;
  }

  addProject(key: string, issueTypes: string[] = ['Task', 'Bug']): this {
    this.projects.set(key, { id: String(10000 + this.projects.size), issueTypes });
    return this;
  }

  addUser(user: JiraUser): this {
    this.users.push(user);
    return this;
  }

  /** Where issue webhooks go, signed with `secret`; null: none sent (a webhook that was never configured). */
  sendWebhooksTo(url: string | null, secret = ''): this {
    this.hook = url ? { url, secret } : null;
    return this;
  }

  /** A workflow with no transition into the done category (Firebreak then comments instead); `false` restores it. */
  withoutDoneTransition(without = true): this {
    this.doneTransition = !without;
    return this;
  }

  /** A field the create screen lacks: a create that sets it is refused (400), as Jira refuses it; `false` shows it. */
  hideField(field: 'duedate' | 'assignee', hidden = true): this {
    if (hidden) this.hidden.add(field);
    else this.hidden.delete(field);
    return this;
  }

  issue(key: string): JiraIssue | undefined {
    return this.issues.find((i) => i.key === key || i.id === key);
  }

  withLabel(label: string): JiraIssue[] {
    return this.issues.filter((i) => i.labels.includes(label));
  }

  statusOf(key: string): string | undefined {
    const issue = this.issue(key);
    return issue && STATUSES[issue.statusId].name;
  }

  /**
   * Someone closes the issue in Jira. `webhook: false` loses its webhook (Firebreak's reconcile pass must find it).
   * Resolves once the webhook (if any) was answered.
   */
  async closeInTracker(
    key: string,
    opts: { webhook?: boolean; by?: string } = {},
  ): Promise<JiraWebhookDelivery | null> {
    const issue = this.issue(key);
    if (!issue) throw new Error(`jira fake: no issue ${key}`);
    const from = issue.statusId;
    issue.statusId = '10001';
    if (opts.webhook === false || !this.hook) return null;
    return this.sendWebhook(issue, from, opts.by ?? 'Mia Krystof');
  }

  /** Waits for webhooks sent by transitions Firebreak made. */
  async settled(): Promise<void> {
    await Promise.all([...this.sending]);
  }

  /** The webhook body Jira would send for `issue` moving from status `from`, for tests that send their own. */
  webhookBody(issue: JiraIssue, from: string, by: string) {
    return {
      timestamp: Date.now(),
      webhookEvent: 'jira:issue_updated',
      issue_event_type_name: 'issue_generic',
      user: {
        self: `${this.url}/rest/api/2/user?accountId=557058:fake`,
        accountId: '557058:fake',
        accountType: 'atlassian',
        displayName: by,
        active: true,
        timeZone: 'UTC',
      },
      issue: { ...this.bean(issue), self: `${this.url}/rest/api/2/issue/${issue.id}` },
      changelog: {
        id: String(Date.now()),
        items: [
          {
            field: 'status',
            fieldtype: 'jira',
            fieldId: 'status',
            from,
            fromString: STATUSES[from].name,
            to: issue.statusId,
            toString: STATUSES[issue.statusId].name,
          },
        ],
      },
    };
  }

  /** `sha256=<hex HMAC-SHA256 of the raw body>`, as Jira signs a webhook registered with a secret. */
  static sign(secret: string, raw: string): string {
    return `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
  }

  private async sendWebhook(issue: JiraIssue, from: string, by: string): Promise<JiraWebhookDelivery> {
    const hook = this.hook!;
    const body = this.webhookBody(issue, from, by);
    const raw = JSON.stringify(body);
    const delivery: JiraWebhookDelivery = { issueKey: issue.key, status: null, body };
    this.webhooks.push(delivery);
    try {
      const res = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-atlassian-webhook-identifier': String(this.webhooks.length),
          'x-atlassian-webhook-flow': 'Primary',
          'x-hub-signature': FakeJira.sign(hook.secret, raw),
        },
        body: raw,
        signal: AbortSignal.timeout(10_000),
      });
      delivery.status = res.status;
      await res.text();
    } catch {
      delivery.status = null;
    }
    return delivery;
  }

  private authentic(req: ReceivedRequest): boolean {
    const given = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    return given !== undefined && this.credentials.has(given);
  }

  private bean(issue: JiraIssue) {
    const status = STATUSES[issue.statusId];
    const project = this.projects.get(issue.project);
    const assignee = issue.assignee ? this.users.find((u) => u.accountId === issue.assignee) : undefined;
    return {
      id: issue.id,
      key: issue.key,
      self: `${this.url}/rest/api/3/issue/${issue.id}`,
      fields: {
        summary: issue.summary,
        description: issue.description,
        labels: issue.labels,
        duedate: issue.duedate,
        assignee: assignee
          ? {
              accountId: assignee.accountId,
              displayName: assignee.displayName,
              emailAddress: assignee.email,
              active: true,
            }
          : null,
        issuetype: { name: issue.issueType },
        project: { id: project?.id, key: issue.project },
        status: {
          id: issue.statusId,
          name: status.name,
          statusCategory: { key: status.category, ...CATEGORY[status.category] },
        },
      },
    };
  }

  private create(req: ReceivedRequest): Answer {
    const fields = (req.body as { fields?: Record<string, unknown> } | null)?.fields;
    if (typeof fields !== 'object' || fields === null)
      return errors(400, ['Issue must be created with fields (the body is not an IssueUpdateDetails).']);
    const problems: Record<string, string> = {};
    const projectRef = fields.project as { key?: unknown; id?: unknown } | undefined;
    const projectKey = [...this.projects.entries()].find(
      ([key, p]) => projectRef && (projectRef.key === key || projectRef.id === p.id),
    )?.[0];
    if (!projectKey) problems.project = 'Specify a valid project ID or key';
    const type = fields.issuetype as { name?: unknown } | undefined;
    if (projectKey && !this.projects.get(projectKey)?.issueTypes.includes(String(type?.name)))
      problems.issuetype = 'Specify an issue type';
    const summary = fields.summary;
    if (typeof summary !== 'string' || !summary.trim()) problems.summary = 'You must specify a summary of the issue.';
    else if (summary.length > 255) problems.summary = 'Summary must be less than 255 characters.';
    else if (/[\r\n]/.test(summary))
      problems.summary = 'The summary is invalid because it contains newline characters.';
    if (fields.description !== undefined && fields.description !== null) {
      const why = adfProblem(fields.description);
      if (why) problems.description = `Operation value must be an Atlassian Document (${why}).`;
    }
    const labels = fields.labels ?? [];
    if (!Array.isArray(labels) || !labels.every((l) => typeof l === 'string'))
      problems.labels = 'Labels must be an array of strings.';
    else {
      const bad = labels.find((l: string) => /\s/.test(l) || !l || l.length > 255);
      if (bad !== undefined) problems.labels = `The label '${bad}' contains spaces which is invalid.`;
    }
    const due = fields.duedate;
    if (due !== undefined && due !== null && (typeof due !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(due)))
      problems.duedate = `Error parsing date string: ${String(due)}`;
    const assignee = (fields.assignee as { accountId?: unknown } | undefined)?.accountId;
    if (assignee !== undefined && !this.users.some((u) => u.accountId === assignee))
      problems.assignee = `User '${String(assignee)}' cannot be assigned issues.`;
    for (const field of this.hidden)
      if (fields[field] !== undefined)
        problems[field] = `Field '${field}' cannot be set. It is not on the appropriate screen, or unknown.`;
    if (Object.keys(problems).length) return errors(400, [], problems);
    const id = String(this.nextId++);
    const key = `${projectKey}-${this.issues.filter((i) => i.project === projectKey).length + 1}`;
    this.issues.push({
      id,
      key,
      project: projectKey!,
      issueType: String(type?.name),
      summary: summary as string,
      description: fields.description ?? null,
      labels: labels as string[],
      duedate: (due as string | undefined) ?? null,
      assignee: (assignee as string | undefined) ?? null,
      statusId: '10000',
      comments: [],
    });
    return { status: 201, body: { id, key, self: `${this.url}/rest/api/3/issue/${id}` } };
  }

  private get(req: ReceivedRequest, ref: string): Answer {
    const issue = this.issue(ref);
    if (!issue) return notFound();
    const bean = this.bean(issue);
    const wanted = req.query.get('fields');
    if (!wanted || wanted === '*all') return { status: 200, body: bean };
    const names = wanted.split(',').map((f) => f.trim());
    const fields = Object.fromEntries(Object.entries(bean.fields).filter(([k]) => names.includes(k)));
    return { status: 200, body: { ...bean, fields } };
  }

  private edit(req: ReceivedRequest, ref: string): Answer {
    const issue = this.issue(ref);
    if (!issue) return notFound();
    const fields = (req.body as { fields?: Record<string, unknown> } | null)?.fields ?? {};
    if (typeof fields.summary === 'string') issue.summary = fields.summary;
    if (Array.isArray(fields.labels)) issue.labels = fields.labels.map(String);
    if (fields.duedate === null || typeof fields.duedate === 'string') issue.duedate = fields.duedate;
    return { status: 204 };
  }

  private available() {
    return TRANSITIONS.filter((t) => this.doneTransition || STATUSES[t.to].category !== 'done');
  }

  private transitions(ref: string): Answer {
    const issue = this.issue(ref);
    if (!issue) return notFound();
    const transitions = this.available()
      .filter((t) => t.to !== issue.statusId)
      .map((t) => {
        const to = STATUSES[t.to];
        return {
          id: t.id,
          name: t.name,
          hasScreen: false,
          isGlobal: true,
          isInitial: false,
          isAvailable: true,
          isConditional: false,
          to: {
            id: t.to,
            name: to.name,
            self: `${this.url}/rest/api/3/status/${t.to}`,
            statusCategory: { key: to.category, ...CATEGORY[to.category] },
          },
        };
      });
    return { status: 200, body: { transitions } };
  }

  private transition(req: ReceivedRequest, ref: string): Answer {
    const issue = this.issue(ref);
    if (!issue) return notFound();
    const id = (req.body as { transition?: { id?: unknown } } | null)?.transition?.id;
    const chosen = this.available().find((t) => t.id === String(id) && t.to !== issue.statusId);
    if (!chosen) return errors(400, [`Transition id '${String(id)}' is not valid for this issue.`]);
    const from = issue.statusId;
    issue.statusId = chosen.to;
    if (this.hook) {
      // Jira sends the webhook for a change made through the API too, after answering.
      const sent = this.sendWebhook(issue, from, 'Firebreak').then(() => undefined);
      this.sending.add(sent);
      void sent.finally(() => this.sending.delete(sent));
    }
    return { status: 204 };
  }

  private search(req: ReceivedRequest): Answer {
    const body = req.body as { jql?: unknown; maxResults?: unknown } | null;
    if (typeof body?.jql !== 'string') return errors(400, ['The JQL query is required.']);
    const clauses = body.jql.trim() ? body.jql.split(/\s+AND\s+/i) : [];
    const tests: ((i: JiraIssue) => boolean)[] = [];
    for (const clause of clauses) {
      const m = /^\s*(project|labels|key)\s*=\s*(?:"([^"]*)"|([\w-]+))\s*$/i.exec(clause);
      if (!m) return errors(400, [`Error in the JQL Query: the fake reads only project, labels and key (${clause}).`]);
      const field = m[1].toLowerCase();
      const value = m[2] ?? m[3];
      if (field === 'project' && !this.projects.has(value))
        return errors(400, [`The value '${value}' does not exist for the field 'project'.`]);
      tests.push(
        field === 'project'
          ? (i) => i.project === value
          : field === 'labels'
            ? (i) => i.labels.includes(value)
            : (i) => i.key === value,
      );
    }
    const max = typeof body.maxResults === 'number' ? body.maxResults : 50;
    const issues = this.issues.filter((i) => tests.every((t) => t(i))).slice(0, max);
    return { status: 200, body: { issues: issues.map((i) => this.bean(i)), isLast: true } };
  }

  private comment(req: ReceivedRequest, ref: string): Answer {
    const issue = this.issue(ref);
    if (!issue) return notFound();
    const body = (req.body as { body?: unknown } | null)?.body;
    const why = adfProblem(body);
    if (why) return errors(400, [], { comment: `Comment body must be an Atlassian Document (${why}).` });
    const comment = { id: String(10000 + issue.comments.length), body };
    issue.comments.push(comment);
    return {
      status: 201,
      body: {
        ...comment,
        self: `${this.url}/rest/api/3/issue/${issue.id}/comment/${comment.id}`,
        created: new Date().toISOString(),
      },
    };
  }

  private userSearch(req: ReceivedRequest): Answer {
    const query = req.query.get('query') ?? req.query.get('accountId');
    if (!query) return errors(400, ["One of 'query' or 'accountId' is required."]);
    const q = query.toLowerCase();
    const found = this.users.filter(
      (u) => u.accountId === query || u.email.toLowerCase().startsWith(q) || u.displayName.toLowerCase().includes(q),
    );
    return {
      status: 200,
      body: found.map((u) => ({
        self: `${this.url}/rest/api/3/user?accountId=${u.accountId}`,
        accountId: u.accountId,
        accountType: 'atlassian',
        emailAddress: u.email,
        displayName: u.displayName,
        active: true,
      })),
    };
  }
}

const BLOCKS = new Set([
  'paragraph',
  'heading',
  'bulletList',
  'orderedList',
  'codeBlock',
  'blockquote',
  'rule',
  'panel',
  'table',
]);
const INLINE = new Set(['text', 'hardBreak', 'mention', 'emoji', 'inlineCard', 'date', 'status']);
const MARKS = new Set(['link', 'strong', 'em', 'code', 'strike', 'underline', 'subsup', 'textColor']);

/**
 * What makes a value no ADF document, by the essentials of adf/full.json: a `doc` of version 1 with block content;
 * paragraphs and headings hold inline nodes; a text node has non-empty `text` and only `type`, `text`, `marks`;
 * a link mark has `attrs.href`. Null when it reads as one.
 */
export function adfProblem(doc: unknown): string | null {
  const d = doc as { type?: unknown; version?: unknown; content?: unknown } | null;
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return 'not an object';
  if (d.type !== 'doc' || d.version !== 1) return 'the root must be {type: doc, version: 1}';
  if (!Array.isArray(d.content)) return 'doc.content must be an array';
  for (const node of d.content) {
    const why = blockProblem(node);
    if (why) return why;
  }
  return null;
}

function blockProblem(node: unknown): string | null {
  const n = node as { type?: unknown; content?: unknown } | null;
  if (typeof n !== 'object' || n === null || typeof n.type !== 'string' || !BLOCKS.has(n.type))
    return `unknown block node ${JSON.stringify((n as { type?: unknown } | null)?.type)}`;
  if (n.content === undefined) return null;
  if (!Array.isArray(n.content)) return `${n.type}.content must be an array`;
  if (n.type !== 'paragraph' && n.type !== 'heading') return null;
  for (const inline of n.content) {
    const why = inlineProblem(inline);
    if (why) return why;
  }
  return null;
}

function inlineProblem(node: unknown): string | null {
  const n = node as { type?: unknown; text?: unknown; marks?: unknown } | null;
  if (typeof n !== 'object' || n === null || typeof n.type !== 'string' || !INLINE.has(n.type))
    return `unknown inline node ${JSON.stringify((n as { type?: unknown } | null)?.type)}`;
  if (n.type !== 'text') return null;
  if (typeof n.text !== 'string' || !n.text) return 'a text node needs non-empty text';
  if (Object.keys(n).some((k) => !['type', 'text', 'marks'].includes(k)))
    return 'a text node has only type, text, marks';
  if (n.marks === undefined) return null;
  if (!Array.isArray(n.marks)) return 'marks must be an array';
  for (const mark of n.marks as { type?: unknown; attrs?: { href?: unknown } }[]) {
    if (!MARKS.has(String(mark?.type))) return `unknown mark ${JSON.stringify(mark?.type)}`;
    if (mark.type === 'link' && typeof mark.attrs?.href !== 'string') return 'a link mark needs attrs.href';
  }
  return null;
}
