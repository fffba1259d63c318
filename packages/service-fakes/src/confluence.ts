import { type Answer, FakeService, type ReceivedRequest } from './fake-service';
import { xmlProblem } from './xhtml';

/**
 * Confluence Cloud's REST API v2 pages (`/wiki/api/v2/pages`), as ../shared/integration-specs/confluence-cloud-v2/
 * describes them: create (200, not 201), get by id, list by `space-id` and `title`, update (the version must be the
 * current one plus one; a stale one is answered 409). Basic auth (email and API token) for accounts a test added;
 * only spaces a test added exist. A title is unique in its space, and a storage-format body must be well-formed
 * XHTML, as Confluence refuses what it cannot parse. The spec leaves error bodies undescribed: they take the v2
 * shape `{errors: [{status, code, title, detail}]}`.
 */

export interface ConfluencePage {
  id: string;
  spaceId: string;
  parentId: string | null;
  status: 'current' | 'draft';
  title: string;
  /** Storage format. */
  body: string;
  version: number;
  /** Every version's body and title, oldest first (index 0 is version 1). */
  history: { title: string; body: string; message: string | null }[];
  createdAt: string;
  versionAt: string;
}

const API = '/wiki/api/v2';
const ACCOUNT = '5b10ac8d82e05b22cc7d4ef5';

const error = (status: number, code: string, title: string): Answer => ({
  status,
  body: { errors: [{ status, code, title, detail: null }] },
});
const badRequest = (title: string) => error(400, 'INVALID_REQUEST_PARAMETER', title);
const notFound = () => error(404, 'NOT_FOUND', 'Content not found or the caller may not see it');

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export class FakeConfluence extends FakeService {
  readonly pages: ConfluencePage[] = [];
  private readonly accounts = new Set<string>();
  private readonly spaces = new Map<string, string>();
  private nextId = 65_537;

  constructor() {
    super('confluence');
    this.route('POST', `${API}/pages`, (req) => this.create(req), 'create');
    this.route('GET', `${API}/pages`, (req) => this.list(req), 'list');
    this.route('GET', `${API}/pages/:id`, (req, p) => this.get(req, p.id), 'get');
    this.route('PUT', `${API}/pages/:id`, (req, p) => this.update(req, p.id), 'update');
  }

  /** An account whose `email:token` basic auth the fake accepts. */
  addAccount(email: string, token: string): this {
    this.accounts.add(Buffer.from(`${email}:${token}`).toString('base64'));
    return this;
  }

  /** A space (numeric id as a string, as v2 gives them) and its key, which its pages' web links carry. */
  addSpace(id: string, key: string): this {
    this.spaces.set(id, key);
    return this;
  }

  /** What Confluence links pages under (`https://<site>.atlassian.net/wiki`). */
  get base(): string {
    return `${this.url}/wiki`;
  }

  private authorised(req: ReceivedRequest): boolean {
    const m = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    return !!m && this.accounts.has(m[1]);
  }

  private guard(req: ReceivedRequest): Answer | undefined {
    if (!this.authorised(req)) return error(401, 'UNAUTHORIZED', 'Authentication credentials are missing or wrong');
    return undefined;
  }

  private create(req: ReceivedRequest): Answer {
    const denied = this.guard(req);
    if (denied) return denied;
    const b = req.body;
    if (!isObject(b)) return badRequest('The request body is not a JSON object');
    if (typeof b.spaceId !== 'string' || !b.spaceId) return badRequest('spaceId is required');
    if (!this.spaces.has(b.spaceId)) return notFound();
    const status = b.status ?? 'current';
    if (status !== 'current' && status !== 'draft') return badRequest(`status ${String(status)} is not valid`);
    if (b.title !== undefined && typeof b.title !== 'string') return badRequest('title must be a string');
    const title = ((b.title as string | undefined) ?? '').trim();
    if (status === 'current' && !title) return badRequest('A published page needs a title');
    if (title.length > 255) return badRequest('Title cannot exceed 255 characters');
    let parentId: string | null = null;
    if (b.parentId !== undefined && b.parentId !== null) {
      if (typeof b.parentId !== 'string') return badRequest('parentId must be a string');
      if (!this.pages.some((p) => p.id === b.parentId && p.spaceId === b.spaceId)) return notFound();
      parentId = b.parentId;
    }
    const body = bodyOf(b.body);
    if (typeof body !== 'string') return body;
    if (status === 'current' && this.titled(b.spaceId, title))
      return badRequest(
        'A page with this title already exists: a page already exists with the same title in this space',
      );
    const now = new Date().toISOString();
    const page: ConfluencePage = {
      id: String(this.nextId++),
      spaceId: b.spaceId,
      parentId,
      status,
      title,
      body,
      version: 1,
      history: [{ title, body, message: null }],
      createdAt: now,
      versionAt: now,
    };
    this.pages.push(page);
    return { status: 200, body: { ...this.single(page, true), _links: { ...this.links(page), base: this.base } } };
  }

  private list(req: ReceivedRequest): Answer {
    const denied = this.guard(req);
    if (denied) return denied;
    const spaces = (req.query.get('space-id') ?? '').split(',').filter(Boolean);
    if (spaces.some((s) => !/^\d+$/.test(s))) return badRequest('space-id must be numeric ids');
    const limit = Number(req.query.get('limit') ?? 25);
    if (!Number.isInteger(limit) || limit < 1 || limit > 250) return badRequest('limit must be between 1 and 250');
    const title = req.query.get('title');
    const withBody = req.query.get('body-format') === 'storage';
    const results = this.pages
      .filter((p) => (!spaces.length || spaces.includes(p.spaceId)) && (title === null || p.title === title))
      .filter((p) => p.status === 'current')
      .slice(0, limit)
      .map((p) => ({
        ...this.summary(p),
        ...(withBody ? { body: { storage: { representation: 'storage', value: p.body } } } : {}),
        _links: this.links(p),
      }));
    return { status: 200, body: { results, _links: { base: this.base } } };
  }

  private get(req: ReceivedRequest, id: string): Answer {
    const denied = this.guard(req);
    if (denied) return denied;
    if (!/^\d+$/.test(id)) return badRequest('id must be a number');
    const page = this.pages.find((p) => p.id === id);
    if (!page) return notFound();
    const format = req.query.get('body-format');
    if (format !== null && !['storage', 'atlas_doc_format', 'view'].includes(format))
      return badRequest(`body-format ${format} is not valid`);
    return {
      status: 200,
      body: { ...this.single(page, format === 'storage'), _links: { ...this.links(page), base: this.base } },
    };
  }

  private update(req: ReceivedRequest, id: string): Answer {
    const denied = this.guard(req);
    if (denied) return denied;
    if (!/^\d+$/.test(id)) return badRequest('id must be a number');
    const page = this.pages.find((p) => p.id === id);
    if (!page) return notFound();
    const b = req.body;
    if (!isObject(b)) return badRequest('The request body is not a JSON object');
    for (const field of ['id', 'status', 'title', 'body', 'version'])
      if (b[field] === undefined) return badRequest(`${field} is required`);
    if (String(b.id) !== id) return badRequest('id in the body does not match the page');
    if (b.status !== 'current' && b.status !== 'draft') return badRequest(`status ${String(b.status)} is not valid`);
    if (typeof b.title !== 'string' || !b.title.trim()) return badRequest('title must be a non-empty string');
    if (b.title.length > 255) return badRequest('Title cannot exceed 255 characters');
    if (b.spaceId !== undefined && String(b.spaceId) !== page.spaceId)
      return badRequest('A page cannot be moved to another space');
    const version = isObject(b.version) ? b.version.number : undefined;
    if (typeof version !== 'number' || !Number.isInteger(version)) return badRequest('version.number is required');
    const body = bodyOf(b.body);
    if (typeof body !== 'string') return body;
    if (version !== page.version + 1)
      return error(
        409,
        'CONFLICT',
        `Version must be incremented on update. Current version is: ${page.version}, given: ${version}`,
      );
    const title = b.title.trim();
    if (this.titled(page.spaceId, title, page.id))
      return badRequest(
        'A page with this title already exists: a page already exists with the same title in this space',
      );
    const message = isObject(b.version) && typeof b.version.message === 'string' ? b.version.message : null;
    Object.assign(page, { title, body, version, status: b.status, versionAt: new Date().toISOString() });
    page.history.push({ title, body, message });
    return { status: 200, body: { ...this.single(page, true), _links: { ...this.links(page), base: this.base } } };
  }

  private titled(spaceId: string, title: string, except?: string): boolean {
    return this.pages.some(
      (p) => p.spaceId === spaceId && p.title === title && p.id !== except && p.status === 'current',
    );
  }

  private summary(page: ConfluencePage) {
    return {
      id: page.id,
      status: page.status,
      title: page.title,
      spaceId: page.spaceId,
      parentId: page.parentId,
      parentType: page.parentId ? 'page' : null,
      position: null,
      authorId: ACCOUNT,
      ownerId: ACCOUNT,
      lastOwnerId: null,
      createdAt: page.createdAt,
      version: {
        createdAt: page.versionAt,
        message: page.history[page.version - 1]?.message ?? '',
        number: page.version,
        minorEdit: false,
        authorId: ACCOUNT,
      },
    };
  }

  private single(page: ConfluencePage, withBody: boolean) {
    return {
      ...this.summary(page),
      body: withBody ? { storage: { representation: 'storage', value: page.body } } : {},
    };
  }

  private links(page: ConfluencePage) {
    const key = this.spaces.get(page.spaceId) ?? page.spaceId;
    const slug = encodeURIComponent(page.title.replace(/\s+/g, '+'));
    return {
      webui: `/spaces/${key}/pages/${page.id}/${slug}`,
      editui: `/pages/resumedraft.action?draftId=${page.id}`,
      tinyui: `/x/${Buffer.from(page.id).toString('base64url')}`,
    };
  }
}

/** The page body of a create or update: `{representation, value}` or `{storage: {representation, value}}`. */
function bodyOf(body: unknown): string | Answer {
  if (!isObject(body)) return badRequest('body is required');
  const write = isObject(body.storage) ? body.storage : body;
  if (write.representation !== 'storage')
    return badRequest(
      `Representation ${String(write.representation)} is not supported here: this fake reads storage format only`,
    );
  if (typeof write.value !== 'string') return badRequest('body.value must be a string');
  const problem = xmlProblem(write.value);
  if (problem) return badRequest(`Error parsing xhtml: ${problem}`);
  return write.value;
}
