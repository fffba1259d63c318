import type { ReviewExportPolicy } from '../../domain/integrations';
import { callService, ServiceCallError } from '../../kernel/outbound/service-call';
import type { Wiki, WikiPage } from './review-export.ports';

export interface ConfluenceOptions {
  policy: ReviewExportPolicy;
  email: string;
  token: string;
  timeoutMs?: number;
}

const SERVICE = 'confluence';

/** A page as v2 answers it (PageSingle or PageBulk), with `_links.base` on single pages and on the list. */
interface PageAnswer {
  id?: unknown;
  title?: unknown;
  version?: { number?: unknown };
  body?: { storage?: { value?: unknown } };
  _links?: { webui?: unknown; base?: unknown };
}

/** Confluence Cloud's REST v2 pages, in the space the policy names, with basic auth (email and API token). */
export class ConfluenceWiki implements Wiki {
  private readonly api: string;
  private readonly auth: string;

  constructor(private readonly options: ConfluenceOptions) {
    this.api = `${options.policy.baseUrl.replace(/\/+$/, '')}/api/v2`;
    this.auth = `Basic ${Buffer.from(`${options.email}:${options.token}`).toString('base64')}`;
  }

  async get(id: string): Promise<WikiPage | undefined> {
    try {
      const answer = await this.call('GET', `/pages/${encodeURIComponent(id)}?body-format=storage`);
      return this.pageOf(answer.body as PageAnswer);
    } catch (e) {
      // Deleted in the wiki since (or no longer visible to us): the caller makes it again.
      if (e instanceof ServiceCallError && e.status === 404) return undefined;
      throw e;
    }
  }

  async findByTitle(title: string): Promise<WikiPage | undefined> {
    const query = new URLSearchParams({
      'space-id': this.options.policy.spaceId,
      title,
      'body-format': 'storage',
      limit: '1',
    });
    const answer = await this.call('GET', `/pages?${query}`);
    const list = answer.body as { results?: PageAnswer[]; _links?: { base?: unknown } };
    const found = list.results?.[0];
    return found && this.pageOf(found, list._links?.base);
  }

  async create(page: { title: string; body: string }): Promise<WikiPage> {
    const { spaceId, parentId } = this.options.policy;
    const answer = await this.call('POST', '/pages', {
      spaceId,
      status: 'current',
      title: page.title,
      ...(parentId ? { parentId } : {}),
      body: { representation: 'storage', value: page.body },
    });
    return this.pageOf(answer.body as PageAnswer);
  }

  async update(id: string, page: { title: string; body: string; version: number }): Promise<WikiPage> {
    const answer = await this.call('PUT', `/pages/${encodeURIComponent(id)}`, {
      id,
      status: 'current',
      title: page.title,
      body: { representation: 'storage', value: page.body },
      version: { number: page.version, message: 'Published again from Firebreak' },
    });
    return this.pageOf(answer.body as PageAnswer);
  }

  private call(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) {
    return callService(SERVICE, {
      method,
      url: `${this.api}${path}`,
      headers: { authorization: this.auth, accept: 'application/json' },
      body,
      timeoutMs: this.options.timeoutMs,
    });
  }

  /** An answer that is not a page is the service's fault, read as transient (retried) like a 5xx. */
  private pageOf(p: PageAnswer | undefined, listBase?: unknown): WikiPage {
    const version = p?.version?.number;
    if (!p || typeof p.id !== 'string' || typeof p.title !== 'string' || typeof version !== 'number')
      throw new ServiceCallError(SERVICE, { transient: true, code: 'bad_answer' }, 200, JSON.stringify(p ?? null));
    const base = typeof p._links?.base === 'string' ? p._links.base : typeof listBase === 'string' ? listBase : null;
    const webui = typeof p._links?.webui === 'string' ? p._links.webui : null;
    const body = p.body?.storage?.value;
    return {
      id: p.id,
      title: p.title,
      version,
      url: webui ? `${base ?? this.options.policy.baseUrl.replace(/\/+$/, '')}${webui}` : null,
      ...(typeof body === 'string' ? { body } : {}),
    };
  }
}
