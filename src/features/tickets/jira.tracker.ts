import { cut } from '../../domain/text';
import { callService, ServiceCallError, type ServiceRequest } from '../../kernel/outbound/service-call';
import type { TicketDraft, TicketRef, TicketState, Tracker } from './tickets.ports';

export interface JiraOptions {
  /** `https://<site>.atlassian.net`, without a trailing slash. */
  baseUrl: string;
  project: string;
  issueType: string;
  email: string;
  token: string;
  timeoutMs?: number;
}

/** An Atlassian Document Format node, as much of it as Firebreak writes. */
interface AdfNode {
  type: string;
  text?: string;
  marks?: { type: 'link'; attrs: { href: string } }[];
  content?: AdfNode[];
}

const URL_IN_TEXT = /https?:\/\/[^\s<>"]+/g;

/**
 * Plain text as an ADF document (v3 descriptions and comments are ADF): a paragraph per line, each address in it a
 * link. Nothing typed can become markup: text nodes carry it as it is.
 */
export function adfOf(text: string): { type: 'doc'; version: 1; content: AdfNode[] } {
  const paragraphs = text
    .split('\n')
    .filter((line) => line.trim())
    .map((line): AdfNode => {
      const content: AdfNode[] = [];
      let at = 0;
      for (const m of line.matchAll(URL_IN_TEXT)) {
        if (m.index > at) content.push({ type: 'text', text: line.slice(at, m.index) });
        content.push({ type: 'text', text: m[0], marks: [{ type: 'link', attrs: { href: m[0] } }] });
        at = m.index + m[0].length;
      }
      if (at < line.length) content.push({ type: 'text', text: line.slice(at) });
      return { type: 'paragraph', content };
    });
  return { type: 'doc', version: 1, content: paragraphs.length ? paragraphs : [{ type: 'paragraph', content: [] }] };
}

/** Jira labels cannot hold spaces. */
export const jiraLabel = (label: string): string => cut(label.trim().replace(/\s+/g, '-'), 255);

type StatusCategory = 'new' | 'indeterminate' | 'done' | string;
interface Transition {
  id: string;
  name: string;
  to?: { statusCategory?: { key?: StatusCategory } };
}
interface IssueBean {
  id: string;
  key: string;
  fields?: { status?: { statusCategory?: { key?: StatusCategory } } };
}

/** Jira Cloud REST v3 (../shared/integration-specs/jira-cloud-v3/), basic auth with an API token. */
export class JiraTracker implements Tracker {
  readonly kind = 'jira' as const;
  private readonly auth: string;

  constructor(private readonly options: JiraOptions) {
    this.auth = `Basic ${Buffer.from(`${options.email}:${options.token}`).toString('base64')}`;
  }

  async find(marker: string): Promise<TicketRef | null> {
    const found = await this.call<{ issues?: IssueBean[] }>({
      method: 'POST',
      url: '/rest/api/3/search/jql',
      body: { jql: `project = "${this.options.project}" AND labels = "${marker}"`, fields: ['status'], maxResults: 1 },
    });
    const issue = found.issues?.[0];
    return issue ? this.ref(issue) : null;
  }

  async create(draft: TicketDraft): Promise<TicketRef> {
    const assignee = draft.ownerEmail ? await this.accountOf(draft.ownerEmail) : null;
    const fields = {
      project: { key: this.options.project },
      issuetype: { name: this.options.issueType },
      // Jira's summary is one line of at most 255 characters.
      summary: cut(draft.summary.replace(/\s+/g, ' ').trim(), 255),
      description: adfOf(draft.description),
      labels: [...new Set([...draft.labels, draft.marker].map(jiraLabel))],
    };
    const extras: Record<string, unknown> = {
      ...(draft.due ? { duedate: draft.due } : {}),
      ...(assignee ? { assignee: { accountId: assignee } } : {}),
    };
    const post = (body: Record<string, unknown>) =>
      this.call<IssueBean>({ method: 'POST', url: '/rest/api/3/issue', body: { fields: body } });
    try {
      return this.ref(await post({ ...fields, ...extras }));
    } catch (e) {
      // A project whose screen has no due date, or an owner who may not be assigned: the ticket is still made,
      // without what was refused (nothing was created: a 400 is refused before any effect).
      const refused = refusedFields(e).filter((f) => f in extras);
      if (!refused.length || refusedFields(e).length !== refused.length) throw e;
      const kept = Object.fromEntries(Object.entries(extras).filter(([k]) => !refused.includes(k)));
      return this.ref(await post({ ...fields, ...kept }));
    }
  }

  async close(ticket: TicketRef, comment: string): Promise<void> {
    // A retry after a lost answer finds it done already: no second transition, no comment saying so.
    if (await this.isDone(ticket)) return;
    if (!(await this.transitionTo(ticket, (key) => key === 'done'))) await this.comment(ticket, comment);
  }

  async reopen(ticket: TicketRef, comment: string): Promise<void> {
    if (!(await this.isDone(ticket))) return;
    if (!(await this.transitionTo(ticket, (key) => key !== 'done'))) await this.comment(ticket, comment);
  }

  async states(tickets: readonly TicketRef[]): Promise<TicketState[]> {
    const states: TicketState[] = [];
    for (const ticket of tickets) {
      try {
        const issue = await this.issue(ticket);
        states.push({ ...ticket, done: issue.fields?.status?.statusCategory?.key === 'done' });
      } catch (e) {
        // Deleted, or moved where Firebreak's user cannot see it: left out, as the port says.
        if (e instanceof ServiceCallError && e.status === 404) continue;
        throw e;
      }
    }
    return states;
  }

  /**
   * The account of `email`, when exactly that person is found (user search matches names and emails loosely).
   * A search Jira refuses (Firebreak's account may not browse users) leaves the ticket unassigned.
   */
  private async accountOf(email: string): Promise<string | null> {
    let users: { accountId?: string; emailAddress?: string; active?: boolean }[];
    try {
      users = await this.call({ method: 'GET', url: `/rest/api/3/user/search?query=${encodeURIComponent(email)}` });
    } catch (e) {
      if (e instanceof ServiceCallError && !e.failure.transient) return null;
      throw e;
    }
    if (!Array.isArray(users)) return null;
    const exact = users.filter((u) => u.active !== false && u.emailAddress?.toLowerCase() === email.toLowerCase());
    const only = exact.length === 1 ? exact[0] : users.length === 1 && users[0].active !== false ? users[0] : null;
    return only?.accountId ?? null;
  }

  private issue(ticket: TicketRef) {
    return this.call<IssueBean>({
      method: 'GET',
      url: `/rest/api/3/issue/${encodeURIComponent(ticket.id)}?fields=status`,
    });
  }

  private async isDone(ticket: TicketRef): Promise<boolean> {
    return (await this.issue(ticket)).fields?.status?.statusCategory?.key === 'done';
  }

  /** Makes the first transition whose target status category fits; false when none does. */
  private async transitionTo(ticket: TicketRef, fits: (category: StatusCategory) => boolean): Promise<boolean> {
    const path = `/rest/api/3/issue/${encodeURIComponent(ticket.id)}/transitions`;
    const { transitions = [] } = await this.call<{ transitions?: Transition[] }>({ method: 'GET', url: path });
    const chosen = transitions.find((t) => {
      const key = t.to?.statusCategory?.key;
      return key !== undefined && fits(key);
    });
    if (!chosen) return false;
    await this.call({ method: 'POST', url: path, body: { transition: { id: chosen.id } } });
    return true;
  }

  private async comment(ticket: TicketRef, text: string): Promise<void> {
    await this.call({
      method: 'POST',
      url: `/rest/api/3/issue/${encodeURIComponent(ticket.id)}/comment`,
      body: { body: adfOf(text) },
    });
  }

  private ref(issue: IssueBean): TicketRef {
    return { id: String(issue.id), key: issue.key, url: `${this.options.baseUrl}/browse/${issue.key}` };
  }

  private async call<T>(req: ServiceRequest): Promise<T> {
    const answer = await callService('jira', {
      ...req,
      url: `${this.options.baseUrl}${req.url}`,
      headers: { authorization: this.auth, accept: 'application/json' },
      timeoutMs: this.options.timeoutMs,
    });
    return answer.body as T;
  }
}

/** The fields a 400 names in Jira's `errors` (`{"errors": {"duedate": "Field 'duedate' cannot be set…"}}`). */
function refusedFields(e: unknown): string[] {
  if (!(e instanceof ServiceCallError) || e.status !== 400) return [];
  try {
    const errors = (JSON.parse(e.body) as { errors?: unknown }).errors;
    return errors && typeof errors === 'object' ? Object.keys(errors) : [];
  } catch {
    return [];
  }
}
