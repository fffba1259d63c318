import { cut } from '../../domain/text';
import { callService } from '../../kernel/outbound/service-call';
import type { PublicChange, RemoteIncident, StatusPageApi } from './status-page.ports';

export interface StatusPageApiOptions {
  /** `https://api.statuspage.io` (the fake's URL in tests and the sandbox). */
  apiUrl: string;
  apiKey: string;
  timeoutMs?: number;
}

/** Statuspage's limits (from its API description): a name ≤ 255 characters, an update's body ≤ 25000. */
const MAX_NAME = 255;
const MAX_BODY = 25_000;

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** An incident as Statuspage answers it, read defensively: only the fields this feature needs. */
export function remoteIncidentOf(raw: unknown): RemoteIncident {
  const r = (raw ?? {}) as Record<string, unknown>;
  const id = text(r.id);
  if (!id) throw new Error('Statuspage answered an incident without an id');
  const updates = Array.isArray(r.incident_updates) ? (r.incident_updates as Record<string, unknown>[]) : [];
  // Newest first, as Statuspage lists them; ordered here too, so a page answering otherwise reads the same.
  const newest = [...updates].sort((a, b) => String(b.created_at ?? '').localeCompare(String(a.created_at ?? '')))[0];
  const createdAt = text(r.created_at);
  return {
    id,
    name: text(r.name) ?? '',
    shortlink: text(r.shortlink),
    status: text(r.status) ?? '',
    createdAt: createdAt ? new Date(createdAt) : null,
    latest: newest ? { body: text(newest.body) ?? '', status: text(newest.status) ?? '' } : null,
  };
}

/** The `incident` object of a create or update: the status, the words, and each named component's new status. */
export function incidentBody(change: PublicChange, name?: string) {
  return {
    incident: {
      ...(name === undefined ? {} : { name: cut(name, MAX_NAME) }),
      status: change.status,
      body: cut(change.body, MAX_BODY),
      ...(change.componentIds.length
        ? {
            component_ids: change.componentIds,
            ...(change.componentStatus
              ? { components: Object.fromEntries(change.componentIds.map((id) => [id, change.componentStatus])) }
              : {}),
          }
        : {}),
    },
  };
}

/** Statuspage's REST API v1; a refused or failed call throws ServiceCallError (420 and 429 are transient). */
export class HttpStatusPageApi implements StatusPageApi {
  constructor(private readonly options: StatusPageApiOptions) {}

  async create(pageId: string, name: string, change: PublicChange): Promise<RemoteIncident> {
    const answer = await this.call('POST', `${this.page(pageId)}/incidents`, incidentBody(change, name));
    return remoteIncidentOf(answer);
  }

  async findByName(pageId: string, name: string): Promise<RemoteIncident[]> {
    const answer = await this.call('GET', `${this.page(pageId)}/incidents?q=${encodeURIComponent(name)}&limit=100`);
    if (!Array.isArray(answer)) throw new Error('Statuspage answered a search with something other than a list');
    return answer
      .map(remoteIncidentOf)
      .filter((i) => i.name === name)
      .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0));
  }

  async get(pageId: string, id: string): Promise<RemoteIncident> {
    return remoteIncidentOf(await this.call('GET', `${this.page(pageId)}/incidents/${encodeURIComponent(id)}`));
  }

  async update(pageId: string, id: string, change: PublicChange): Promise<RemoteIncident> {
    const path = `${this.page(pageId)}/incidents/${encodeURIComponent(id)}`;
    return remoteIncidentOf(await this.call('PATCH', path, incidentBody(change)));
  }

  private page(pageId: string): string {
    return `${this.options.apiUrl}/v1/pages/${encodeURIComponent(pageId)}`;
  }

  private async call(method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown): Promise<unknown> {
    const answer = await callService('statuspage', {
      method,
      url,
      headers: { authorization: `OAuth ${this.options.apiKey}` },
      ...(body === undefined ? {} : { body }),
      timeoutMs: this.options.timeoutMs,
    });
    return answer.body;
  }
}
