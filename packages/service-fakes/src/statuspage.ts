import { randomBytes } from 'node:crypto';
import { type Answer, FakeService, type ReceivedRequest } from './fake-service';

/**
 * Atlassian Statuspage's REST API v1, the part ../shared/integration-specs/statuspage-v1/ keeps: incidents (create,
 * list with `q`, unresolved, get, update) and components (list, get, update), each under `/v1/pages/:page_id`.
 * Authentication by `Authorization: OAuth <key>` (or `?api_key=`): 401 without a known key; 404 for a page the key
 * does not reach or an unknown incident or component; bodies wrapped as `{"incident": {...}}` /
 * `{"component": {...}}`, 400 when not, 422 for values the API rejects; errors as `{"message": ...}`.
 * An incident's `components` is a map of component id to status; each create and update that carries a status or
 * a body adds an incident update, newest first. Only pages a test registered exist.
 */

export type StatuspageComponentStatus =
  | 'operational'
  | 'under_maintenance'
  | 'degraded_performance'
  | 'partial_outage'
  | 'major_outage';

export interface StatuspageComponent {
  id: string;
  name: string;
  status: StatuspageComponentStatus;
  position: number;
  createdAt: string;
  updatedAt: string;
}

export interface StatuspageIncidentUpdate {
  id: string;
  body: string;
  status: string;
  createdAt: string;
  affected: { code: string; name: string; old_status: string; new_status: string }[];
}

export interface StatuspageIncident {
  id: string;
  pageId: string;
  name: string;
  status: string;
  impactOverride: string | null;
  componentIds: string[];
  shortlink: string;
  createdAt: string;
  updatedAt: string;
  monitoringAt: string | null;
  resolvedAt: string | null;
  /** Newest first, as the API lists them. */
  updates: StatuspageIncidentUpdate[];
}

interface Page {
  id: string;
  apiKey: string;
  components: StatuspageComponent[];
  incidents: StatuspageIncident[];
}

const REALTIME = ['investigating', 'identified', 'monitoring', 'resolved'];
const SCHEDULED = ['scheduled', 'in_progress', 'verifying', 'completed'];
const COMPONENT_STATUSES = [
  'operational',
  'under_maintenance',
  'degraded_performance',
  'partial_outage',
  'major_outage',
];
const IMPACTS = ['none', 'maintenance', 'minor', 'major', 'critical'];
/** Limits from the spec: an incident's name, an update's body. */
const MAX_NAME = 255;
const MAX_BODY = 25_000;

const message = (status: number, text: string): Answer => ({ status, body: { message: text } });

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Statuspage's ids: 12 lowercase letters and digits. */
const newId = (): string => {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(12)].map((b) => alphabet[b % alphabet.length]).join('');
};

/** The impact Statuspage works out from the worst component status, unless overridden. */
function impactOf(statuses: string[]): string {
  if (statuses.includes('major_outage')) return 'critical';
  if (statuses.includes('partial_outage')) return 'major';
  if (statuses.includes('degraded_performance')) return 'minor';
  if (statuses.includes('under_maintenance')) return 'maintenance';
  return 'none';
}

export class FakeStatuspage extends FakeService {
  private readonly pages = new Map<string, Page>();

  /** `now`: the fake's clock (ms), so a sandbox's page shows its own times. */
  constructor(private readonly now: () => number = Date.now) {
    super('statuspage');
    const authed =
      (handler: (req: ReceivedRequest, page: Page, params: Record<string, string>) => Answer) =>
      (req: ReceivedRequest, params: Record<string, string>): Answer =>
        this.authed(req, params, handler);
    this.route(
      'POST',
      '/v1/pages/:page_id/incidents',
      authed((req, page) => this.create(req, page)),
      'create',
    );
    this.route(
      'GET',
      '/v1/pages/:page_id/incidents',
      authed((req, page) => this.list(req, page)),
      'list',
    );
    // Before the incident route: `unresolved` is not an incident id.
    this.route(
      'GET',
      '/v1/pages/:page_id/incidents/unresolved',
      authed((_req, page) => ({
        status: 200,
        body: page.incidents
          .filter((i) => !['resolved', 'completed'].includes(i.status))
          .map((i) => this.show(page, i)),
      })),
      'unresolved',
    );
    this.route(
      'GET',
      '/v1/pages/:page_id/incidents/:incident_id',
      authed((_req, page, p) =>
        this.withIncident(page, p.incident_id, (i) => ({ status: 200, body: this.show(page, i) })),
      ),
      'get',
    );
    this.route(
      'PATCH',
      '/v1/pages/:page_id/incidents/:incident_id',
      authed((req, page, p) => this.withIncident(page, p.incident_id, (i) => this.update(req, page, i))),
      'update',
    );
    this.route(
      'GET',
      '/v1/pages/:page_id/components',
      authed((_req, page) => ({ status: 200, body: page.components.map((c) => this.showComponent(page, c)) })),
      'components',
    );
    this.route(
      'GET',
      '/v1/pages/:page_id/components/:component_id',
      authed((_req, page, p) => {
        const c = page.components.find((x) => x.id === p.component_id);
        return c
          ? { status: 200, body: this.showComponent(page, c) }
          : message(404, 'The requested resource could not be found.');
      }),
      'component',
    );
    this.route(
      'PATCH',
      '/v1/pages/:page_id/components/:component_id',
      authed((req, page, p) => this.updateComponent(req, page, p.component_id)),
      'update component',
    );
  }

  /** A page this fake serves, reached with `apiKey`, with its components (all operational at first). */
  addPage(pageId: string, apiKey: string, components: { id: string; name: string }[]): this {
    const at = new Date(this.now()).toISOString();
    this.pages.set(pageId, {
      id: pageId,
      apiKey,
      components: components.map((c, i) => ({
        ...c,
        status: 'operational',
        position: i + 1,
        createdAt: at,
        updatedAt: at,
      })),
      incidents: [],
    });
    return this;
  }

  /** The page's incidents, newest first. */
  incidents(pageId: string): StatuspageIncident[] {
    return this.pages.get(pageId)?.incidents ?? [];
  }

  components(pageId: string): StatuspageComponent[] {
    return this.pages.get(pageId)?.components ?? [];
  }

  private authed(
    req: ReceivedRequest,
    params: Record<string, string>,
    handler: (req: ReceivedRequest, page: Page, params: Record<string, string>) => Answer,
  ): Answer {
    const header = req.headers.authorization ?? '';
    const key = /^OAuth\s+(\S+)$/i.exec(header)?.[1] ?? req.query.get('api_key') ?? '';
    const known = [...this.pages.values()].some((p) => p.apiKey === key);
    if (!key || !known) return message(401, 'Could not authenticate');
    const page = this.pages.get(params.page_id ?? '');
    // A page another key owns is as good as absent to this one.
    if (!page || page.apiKey !== key) return message(404, 'The requested resource could not be found.');
    return handler(req, page, params);
  }

  private withIncident(page: Page, id: string | undefined, then: (i: StatuspageIncident) => Answer): Answer {
    const incident = page.incidents.find((i) => i.id === id);
    return incident ? then(incident) : message(404, 'The requested resource could not be found.');
  }

  /** `{"incident": {...}}`, or why not: 400 for a body that is not one, 422 for values the API does not take. */
  private incidentOf(
    req: ReceivedRequest,
    page: Page,
    creating: boolean,
  ): { incident: Record<string, unknown> } | { refused: Answer } {
    if (!isObject(req.body) || !isObject(req.body.incident))
      return { refused: message(400, 'The request body must be a JSON object with an "incident" object.') };
    const i = req.body.incident;
    const errors: string[] = [];
    if (creating || i.name !== undefined) {
      if (typeof i.name !== 'string' || !i.name.trim()) errors.push("Name can't be blank");
      else if (i.name.length > MAX_NAME) errors.push(`Name is too long (maximum is ${MAX_NAME} characters)`);
    }
    if (i.status !== undefined && !(typeof i.status === 'string' && [...REALTIME, ...SCHEDULED].includes(i.status)))
      errors.push(`Status must be one of ${[...REALTIME, ...SCHEDULED].join(', ')}`);
    if (i.body !== undefined && typeof i.body !== 'string') errors.push('Body must be a string');
    else if (typeof i.body === 'string' && i.body.length > MAX_BODY)
      errors.push(`Body is too long (maximum is ${MAX_BODY} characters)`);
    if (i.impact_override !== undefined && i.impact_override !== null && !IMPACTS.includes(i.impact_override as string))
      errors.push(`Impact override must be one of ${IMPACTS.join(', ')}`);
    const known = new Set(page.components.map((c) => c.id));
    if (i.component_ids !== undefined) {
      if (!Array.isArray(i.component_ids) || i.component_ids.some((c) => typeof c !== 'string'))
        errors.push('Component ids must be a list of component ids');
      else for (const c of i.component_ids as string[]) if (!known.has(c)) errors.push(`Component ${c} does not exist`);
    }
    if (i.components !== undefined) {
      if (!isObject(i.components)) errors.push('Components must map component ids to statuses');
      else
        for (const [id, status] of Object.entries(i.components)) {
          if (!known.has(id)) errors.push(`Component ${id} does not exist`);
          if (!COMPONENT_STATUSES.includes(status as string))
            errors.push(`Component status must be one of ${COMPONENT_STATUSES.join(', ')}`);
        }
    }
    return errors.length ? { refused: message(422, errors.join('; ')) } : { incident: i };
  }

  private create(req: ReceivedRequest, page: Page): Answer {
    const read = this.incidentOf(req, page, true);
    if ('refused' in read) return read.refused;
    const i = read.incident;
    const at = new Date(this.now()).toISOString();
    const status = (i.status as string | undefined) ?? 'investigating';
    const incident: StatuspageIncident = {
      id: newId(),
      pageId: page.id,
      name: i.name as string,
      status,
      impactOverride: (i.impact_override as string | undefined) ?? null,
      componentIds: [],
      shortlink: `https://stspg.io/${newId().slice(0, 6)}`,
      createdAt: at,
      updatedAt: at,
      monitoringAt: status === 'monitoring' ? at : null,
      resolvedAt: status === 'resolved' ? at : null,
      updates: [],
    };
    this.apply(page, incident, i, at, true);
    page.incidents.unshift(incident);
    return { status: 201, body: this.show(page, incident) };
  }

  private update(req: ReceivedRequest, page: Page, incident: StatuspageIncident): Answer {
    const read = this.incidentOf(req, page, false);
    if ('refused' in read) return read.refused;
    const i = read.incident;
    const at = new Date(this.now()).toISOString();
    if (typeof i.name === 'string') incident.name = i.name;
    if (i.impact_override !== undefined) incident.impactOverride = (i.impact_override as string | null) ?? null;
    if (typeof i.status === 'string' && i.status !== incident.status) {
      incident.status = i.status;
      if (i.status === 'monitoring') incident.monitoringAt = at;
      incident.resolvedAt = i.status === 'resolved' ? at : null;
    }
    this.apply(page, incident, i, at, i.status !== undefined || i.body !== undefined);
    incident.updatedAt = at;
    return { status: 200, body: this.show(page, incident) };
  }

  /** Sets the named components' statuses and, when `adds`, records the incident update that says so. */
  private apply(page: Page, incident: StatuspageIncident, i: Record<string, unknown>, at: string, adds: boolean): void {
    const statuses = (isObject(i.components) ? i.components : {}) as Record<string, StatuspageComponentStatus>;
    const ids = [...new Set([...((i.component_ids as string[] | undefined) ?? []), ...Object.keys(statuses)])];
    for (const id of ids) if (!incident.componentIds.includes(id)) incident.componentIds.push(id);
    const affected = ids.flatMap((id) => {
      const c = page.components.find((x) => x.id === id);
      if (!c) return [];
      const old = c.status;
      if (statuses[id]) {
        c.status = statuses[id];
        c.updatedAt = at;
      }
      return [{ code: c.id, name: c.name, old_status: old, new_status: c.status }];
    });
    if (!adds) return;
    incident.updates.unshift({
      id: newId(),
      body: typeof i.body === 'string' ? i.body : '',
      status: incident.status,
      createdAt: at,
      affected,
    });
  }

  private list(req: ReceivedRequest, page: Page): Answer {
    const limit = req.query.get('limit');
    const pageNo = req.query.get('page');
    if ((limit !== null && !/^\d+$/.test(limit)) || (pageNo !== null && !/^\d+$/.test(pageNo)))
      return message(400, 'limit and page must be whole numbers');
    const q = (req.query.get('q') ?? '').toLowerCase();
    const hits = page.incidents.filter(
      (i) =>
        !q ||
        i.name.toLowerCase().includes(q) ||
        i.status.includes(q) ||
        i.updates.some((u) => u.body.toLowerCase().includes(q)),
    );
    const size = Math.min(100, Math.max(1, Number(limit ?? 100)));
    const from = (Math.max(1, Number(pageNo ?? 1)) - 1) * size;
    return { status: 200, body: hits.slice(from, from + size).map((i) => this.show(page, i)) };
  }

  private updateComponent(req: ReceivedRequest, page: Page, id: string | undefined): Answer {
    const c = page.components.find((x) => x.id === id);
    if (!c) return message(404, 'The requested resource could not be found.');
    if (!isObject(req.body) || !isObject(req.body.component))
      return message(400, 'The request body must be a JSON object with a "component" object.');
    const { status, name } = req.body.component;
    if (status !== undefined && !COMPONENT_STATUSES.includes(status as string))
      return message(422, `Status must be one of ${COMPONENT_STATUSES.join(', ')}`);
    if (name !== undefined && (typeof name !== 'string' || !name.trim())) return message(422, "Name can't be blank");
    if (typeof status === 'string') c.status = status as StatuspageComponentStatus;
    if (typeof name === 'string') c.name = name;
    c.updatedAt = new Date(this.now()).toISOString();
    return { status: 200, body: this.showComponent(page, c) };
  }

  /** An incident in the API's shape. */
  private show(page: Page, i: StatuspageIncident) {
    const components = page.components.filter((c) => i.componentIds.includes(c.id));
    return {
      id: i.id,
      components: components.map((c) => this.showComponent(page, c)),
      created_at: i.createdAt,
      impact: i.impactOverride ?? impactOf(components.map((c) => c.status)),
      impact_override: i.impactOverride,
      incident_updates: i.updates.map((u) => ({
        id: u.id,
        incident_id: i.id,
        affected_components: u.affected,
        body: u.body,
        created_at: u.createdAt,
        custom_tweet: null,
        deliver_notifications: true,
        display_at: u.createdAt,
        status: u.status,
        tweet_id: null,
        twitter_updated_at: null,
        updated_at: u.createdAt,
        wants_twitter_update: false,
      })),
      metadata: {},
      monitoring_at: i.monitoringAt,
      name: i.name,
      page_id: page.id,
      postmortem_body: null,
      postmortem_body_last_updated_at: null,
      postmortem_ignored: false,
      postmortem_notified_subscribers: false,
      postmortem_notified_twitter: false,
      postmortem_published_at: null,
      resolved_at: i.resolvedAt,
      scheduled_auto_completed: false,
      scheduled_auto_in_progress: false,
      scheduled_for: null,
      auto_transition_deliver_notifications_at_end: false,
      auto_transition_deliver_notifications_at_start: false,
      auto_transition_to_maintenance_state: false,
      auto_transition_to_operational_state: false,
      scheduled_remind_prior: false,
      scheduled_reminded_at: null,
      scheduled_until: null,
      shortlink: i.shortlink,
      status: i.status,
      updated_at: i.updatedAt,
      reminder_intervals: null,
    };
  }

  private showComponent(page: Page, c: StatuspageComponent) {
    return {
      id: c.id,
      page_id: page.id,
      group_id: null,
      created_at: c.createdAt,
      updated_at: c.updatedAt,
      group: false,
      name: c.name,
      description: null,
      position: c.position,
      status: c.status,
      showcase: true,
      only_show_if_degraded: false,
      automation_email: `component+${c.id}@notifications.statuspage.io`,
      start_date: c.createdAt.slice(0, 10),
    };
  }
}
