import type { TicketsPolicy } from '../../domain/integrations';
import { cut } from '../../domain/text';
import {
  callService,
  retryAfterMsOf,
  type ServiceAnswer,
  ServiceCallError,
  type ServiceRequest,
} from '../../kernel/outbound/service-call';
import type { Failure } from '../../kernel/outbox/outbox';
import type { TicketDraft, TicketRef, TicketState, Tracker } from './tickets.ports';

type GitHubTickets = Extract<TicketsPolicy, { kind: 'github' }>;

/** GitHub's limits on an issue's title and body, in characters (a longer one is refused with a 422). */
const TITLE_MAX = 256;
const BODY_MAX = 65536;
/** GitHub's own advice when a secondary rate limit names no wait: at least a minute. */
const SECONDARY_LIMIT_WAIT_MS = 60_000;

/**
 * GitHub Issues (REST, api.github.com or GitHub Enterprise's /api/v3) as a tracker. The follow-up's marker is a
 * label, so a retry after a lost answer lists the repository's issues carrying it (`find`) before creating; the
 * issue number is the ticket's id and `#<number>` its key. GitHub cannot map an email to a user through the
 * issues API, so the owner is written in the body, as is the due date (issues have none).
 */
export class GitHubTracker implements Tracker {
  readonly kind = 'github' as const;
  private readonly repoUrl: string;
  private readonly service: string;

  constructor(
    private readonly policy: GitHubTickets,
    private readonly token: string,
    private readonly options: { timeoutMs?: number } = {},
  ) {
    const [owner = '', name = ''] = policy.repo.split('/');
    this.repoUrl = `${policy.apiUrl}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
    this.service = `github:${policy.repo}`;
  }

  async find(marker: string): Promise<TicketRef | null> {
    // Oldest first: were two ever made, the first is the one kept. Pull requests share the list; not tickets.
    const query = new URLSearchParams({ labels: marker, state: 'all', sort: 'created', direction: 'asc' });
    const answer = await this.call('GET', `/issues?${query}&per_page=100`);
    const issues = Array.isArray(answer.body) ? answer.body : [];
    for (const item of issues) {
      const issue = readIssue(item);
      if (issue && !issue.pullRequest && issue.labels.some((l) => l.toLowerCase() === marker.toLowerCase()))
        return refOf(issue);
    }
    return null;
  }

  async create(draft: TicketDraft): Promise<TicketRef> {
    const labels = [...draft.labels, ...this.policy.labels, draft.marker].filter(
      (l, i, all) => all.findIndex((x) => x.toLowerCase() === l.toLowerCase()) === i,
    );
    const answer = await this.call('POST', '/issues', {
      // A title is one line on GitHub.
      title: cut(draft.summary.replace(/\s+/g, ' ').trim() || 'Follow-up', TITLE_MAX),
      body: cut(issueBody(draft), BODY_MAX),
      labels,
    });
    return refOf(this.issueOf(answer));
  }

  close(ticket: TicketRef, comment: string): Promise<void> {
    return this.moveTo(ticket, 'closed', comment);
  }

  reopen(ticket: TicketRef, comment: string): Promise<void> {
    return this.moveTo(ticket, 'open', comment);
  }

  /** One GET per ticket, one after another (GitHub asks clients not to call it concurrently). */
  async states(tickets: readonly TicketRef[]): Promise<TicketState[]> {
    const states: TicketState[] = [];
    for (const ticket of tickets) {
      const issue = await this.get(ticket).catch((e: unknown) => {
        // 404: no longer there (or no longer visible to the token); 410: deleted.
        if (e instanceof ServiceCallError && (e.status === 404 || e.status === 410)) return null;
        throw e;
      });
      if (issue) states.push({ id: ticket.id, key: ticket.key, url: issue.url || ticket.url, done: issue.closed });
    }
    return states;
  }

  /**
   * Read first, so a retry after a lost answer (or a ticket already moved on GitHub) changes nothing and says
   * nothing twice; then the comment, so the issue's history reads why before the state changes.
   */
  private async moveTo(ticket: TicketRef, state: 'open' | 'closed', comment: string): Promise<void> {
    const issue = await this.get(ticket);
    if (issue.closed === (state === 'closed')) return;
    if (comment.trim())
      await this.call('POST', `/issues/${issueNumber(ticket)}/comments`, {
        body: cut(markdownLines(comment), BODY_MAX),
      });
    await this.call('PATCH', `/issues/${issueNumber(ticket)}`, {
      state,
      state_reason: state === 'closed' ? 'completed' : 'reopened',
    });
  }

  private async get(ticket: TicketRef): Promise<GitHubIssue> {
    return this.issueOf(await this.call('GET', `/issues/${issueNumber(ticket)}`));
  }

  private issueOf(answer: ServiceAnswer): GitHubIssue {
    const issue = readIssue(answer.body);
    // A 2xx without an issue in it: the call may have landed, so a retry looks before it makes another.
    if (!issue)
      throw new ServiceCallError(
        this.service,
        { transient: true, code: 'unreadable_answer' },
        answer.status,
        JSON.stringify(answer.body).slice(0, 500),
      );
    return issue;
  }

  private call(method: ServiceRequest['method'], path: string, body?: unknown): Promise<ServiceAnswer> {
    return callService(this.service, {
      method,
      url: `${this.repoUrl}${path}`,
      headers: {
        authorization: `Bearer ${this.token}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
      },
      body,
      timeoutMs: this.options.timeoutMs,
      readFailure: gitHubFailure,
    });
  }
}

/**
 * GitHub's rate limits (primary and secondary) answer 403 or 429, untouched: wait out `retry-after` when given,
 * else until `x-ratelimit-reset` when `x-ratelimit-remaining` is 0, else (a secondary limit naming no wait) a
 * minute. Any other 403 (no permission on the repository) is the request's fault, read the usual way.
 */
export function gitHubFailure(status: number, headers: Headers, body: string, now = Date.now()): Failure | undefined {
  if (status !== 403 && status !== 429) return undefined;
  const limited = { transient: true as const, code: `http_${status}`, untouched: true };
  const retryAfter = retryAfterMsOf(headers.get('retry-after'), now);
  if (retryAfter !== undefined) return { ...limited, retryAfterMs: retryAfter };
  if (headers.get('x-ratelimit-remaining')?.trim() === '0') {
    const reset = Number(headers.get('x-ratelimit-reset'));
    return Number.isFinite(reset) && reset > 0
      ? { ...limited, retryAfterMs: Math.max(0, reset * 1000 - now) }
      : { ...limited, retryAfterMs: SECONDARY_LIMIT_WAIT_MS };
  }
  if (/rate limit/i.test(body)) return { ...limited, retryAfterMs: SECONDARY_LIMIT_WAIT_MS };
  return undefined;
}

/** The issue's body: the description, one fact per line, then who owns it and by when, as GitHub has no field. */
export function issueBody(draft: TicketDraft): string {
  const extra = [
    ...(draft.ownerEmail ? [`**Owner:** ${markdownText(draft.ownerEmail)}`] : []),
    ...(draft.due ? [`**Due:** ${markdownText(draft.due)}`] : []),
  ];
  return [
    markdownLines(draft.description),
    extra.join('  \n'),
    '_A follow-up from Firebreak: closing this issue marks it done in Slack._',
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** Lines of plain text as Markdown lines, kept apart by hard breaks (blank lines dropped). */
function markdownLines(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => markdownText(line.trim()))
    .filter(Boolean)
    .join('  \n');
}

/**
 * Plain text as Markdown that shows it as typed: links stay links (`<url>`), Markdown's punctuation is escaped,
 * and an `@name` or `#123` gets a zero-width space so it neither notifies a GitHub user nor cross-references
 * another issue (a backslash would not stop either: GitHub links them after rendering).
 */
function markdownText(text: string): string {
  return text
    .split(/(https?:\/\/[^\s<>]+)/g)
    .map((part, i) => {
      if (i % 2 === 1) return `<${part}>`;
      return part
        .replace(/[\\`*_[\]<>|~!&{}]/g, '\\$&')
        .replace(/(^|[^\w])([@#])(?=\w)/g, '$1$2\u200b')
        .replace(/^(\s*)([-+=#])/, '$1\\$2')
        .replace(/^(\s*\d+)([.)])/, '$1\\$2');
    })
    .join('');
}

interface GitHubIssue {
  number: number;
  url: string;
  closed: boolean;
  labels: string[];
  pullRequest: boolean;
}

/** The fields Firebreak reads of GitHub's `issue` schema; null when they are not there. */
function readIssue(value: unknown): GitHubIssue | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (!Number.isInteger(v.number) || typeof v.html_url !== 'string' || typeof v.state !== 'string') return null;
  const labels = Array.isArray(v.labels)
    ? v.labels.flatMap((l: unknown) =>
        typeof l === 'string'
          ? [l]
          : typeof l === 'object' && l !== null && typeof (l as { name?: unknown }).name === 'string'
            ? [(l as { name: string }).name]
            : [],
      )
    : [];
  return {
    number: v.number as number,
    url: v.html_url,
    closed: v.state === 'closed',
    labels,
    pullRequest: v.pull_request !== undefined && v.pull_request !== null,
  };
}

const refOf = (issue: GitHubIssue): TicketRef => ({
  id: String(issue.number),
  key: `#${issue.number}`,
  url: issue.url,
});

/** The issue number a ticket names: its id (GitHub's number as text), else its `#n` key. */
function issueNumber(ticket: TicketRef): string {
  const n = /^\d+$/.test(ticket.id) ? ticket.id : /^#(\d+)$/.exec(ticket.key)?.[1];
  // A ref this adapter did not make: refused as the request's fault, never sent to some other path.
  if (!n) throw new ServiceCallError('github', { transient: false, code: 'not_a_github_issue' }, null, ticket.key);
  return n;
}
