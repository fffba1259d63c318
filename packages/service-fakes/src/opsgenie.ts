import { randomUUID } from 'node:crypto';
import { type Answer, FakeService, type ReceivedRequest } from './fake-service';

/**
 * Opsgenie's Alert API, as ../shared/integration-specs/opsgenie-alert-api/ describes it: `GenieKey` authentication
 * (401 otherwise), create (`POST /v2/alerts`, 422 for a body that breaks the documented limits), close by id or alias
 * (`POST /v2/alerts/:identifier/close`), and the request status the 202s point at (`GET /v2/alerts/requests/:id`).
 * Processing is asynchronous, as Opsgenie's is: a valid request is answered 202, and what it did (or why it could
 * not) is only in its request status. A create with the alias of an open alert is folded into it (`count`).
 * Only API keys a test registered are accepted.
 */

export interface OpsgenieAlert {
  id: string;
  alias: string;
  message: string;
  description: string | undefined;
  priority: string;
  responders: unknown[];
  status: 'open' | 'closed';
  /** Creates folded into this alert by alias, the first included. */
  count: number;
  apiKey: string;
}

interface RequestStatus {
  isSuccess: boolean;
  action: string;
  status: string;
  alertId: string;
  alias: string;
  processedAt: string;
}

const PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'];
const RESPONDER_TYPES = ['team', 'user', 'escalation', 'schedule'];
/** Field limits from the docs' create table (REFERENCE.md). */
const LIMITS: Record<string, number> = {
  message: 130,
  alias: 512,
  description: 15000,
  entity: 512,
  source: 100,
  user: 100,
  note: 25000,
};

export class FakeOpsgenie extends FakeService {
  readonly alerts: OpsgenieAlert[] = [];
  private readonly apiKeys = new Set<string>();
  private readonly requests = new Map<string, RequestStatus>();

  constructor() {
    super('opsgenie');
    this.route('POST', '/v2/alerts', (req) => this.authed(req, () => this.create(req)), 'create');
    this.route(
      'POST',
      '/v2/alerts/:identifier/close',
      (req, p) => this.authed(req, () => this.close(req, p.identifier)),
      'close',
    );
    this.route(
      'GET',
      '/v2/alerts/requests/:requestId',
      (req, p) => this.authed(req, () => this.status(p.requestId)),
      'status',
    );
  }

  addApiKey(key: string): this {
    this.apiKeys.add(key);
    return this;
  }

  openAlerts(alias?: string): OpsgenieAlert[] {
    return this.alerts.filter((a) => a.status === 'open' && (alias === undefined || a.alias === alias));
  }

  private authed(req: ReceivedRequest, then: () => Answer): Answer {
    const key = /^GenieKey\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
    if (!key || !this.apiKeys.has(key))
      return { status: 401, body: { message: 'Could not authenticate', took: 0.001, requestId: randomUUID() } };
    return then();
  }

  private accepted(action: string, status: string, alert: OpsgenieAlert | undefined): Answer {
    const requestId = randomUUID();
    this.requests.set(requestId, {
      isSuccess: alert !== undefined,
      action,
      status,
      alertId: alert?.id ?? '',
      alias: alert?.alias ?? '',
      processedAt: new Date().toISOString(),
    });
    return { status: 202, body: { result: 'Request will be processed', took: 0.302, requestId } };
  }

  private create(req: ReceivedRequest): Answer {
    const body = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      return { status: 400, body: { message: 'Invalid JSON body', took: 0.001, requestId: randomUUID() } };
    const b = body as Record<string, unknown>;
    const errors: Record<string, string> = {};
    if (typeof b.message !== 'string' || !b.message.trim()) errors.message = 'Message can not be empty.';
    for (const [field, max] of Object.entries(LIMITS)) {
      const v = b[field];
      if (v !== undefined && (typeof v !== 'string' || v.length > max))
        errors[field] = `${field} must be a string of at most ${max} characters.`;
    }
    if (b.priority !== undefined && !PRIORITIES.includes(b.priority as string))
      errors.priority = `Priority should be one of ${PRIORITIES.join(', ')}.`;
    if (b.responders !== undefined) {
      const list = b.responders;
      if (!Array.isArray(list) || list.length > 50) errors.responders = 'At most 50 responders can be given.';
      else if (!list.every(isRecipient))
        errors.responders = 'Each responder needs a valid type and an id, a name or a username.';
    }
    if (Object.keys(errors).length)
      return {
        status: 422,
        body: {
          message: 'Request body is not processable. Please check the errors.',
          errors,
          took: 0.002,
          requestId: randomUUID(),
        },
      };
    const apiKey = /GenieKey\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim() ?? '';
    const alias = (b.alias as string | undefined) ?? randomUUID();
    const open = this.openAlerts(alias)[0];
    if (open) {
      open.count += 1;
      return this.accepted('Create', 'Alert is de-duplicated', open);
    }
    const alert: OpsgenieAlert = {
      id: randomUUID(),
      alias,
      message: b.message as string,
      description: b.description as string | undefined,
      priority: (b.priority as string | undefined) ?? 'P3',
      responders: (b.responders as unknown[] | undefined) ?? [],
      status: 'open',
      count: 1,
      apiKey,
    };
    this.alerts.push(alert);
    return this.accepted('Create', 'Created alert', alert);
  }

  private close(req: ReceivedRequest, identifier: string): Answer {
    const type = req.query.get('identifierType') ?? 'id';
    if (!['id', 'alias', 'tiny'].includes(type))
      return {
        status: 422,
        body: {
          message: 'Invalid identifierType',
          errors: { identifierType: 'must be id, alias or tiny' },
          took: 0.001,
          requestId: randomUUID(),
        },
      };
    const alert = this.openAlerts().find((a) => (type === 'alias' ? a.alias : a.id) === identifier);
    if (!alert) return this.accepted('Close', 'Alert does not exist', undefined);
    alert.status = 'closed';
    return this.accepted('Close', 'Closed alert', alert);
  }

  private status(requestId: string): Answer {
    const found = this.requests.get(requestId);
    if (!found)
      return {
        status: 404,
        headers: { 'x-opsgenie-errortype': 'RequestNotProcessed' },
        body: { message: 'Request not found. It might not be processed, yet.', took: 0.001, requestId: randomUUID() },
      };
    return {
      status: 200,
      body: { data: { success: found.isSuccess, ...found }, took: 0.022, requestId: randomUUID() },
    };
  }
}

function isRecipient(r: unknown): boolean {
  if (typeof r !== 'object' || r === null) return false;
  const x = r as Record<string, unknown>;
  return (
    RESPONDER_TYPES.includes(x.type as string) && [x.id, x.name, x.username].some((v) => typeof v === 'string' && v)
  );
}
