import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What every fake shares: a real HTTP server on a free port, a log of what it received (tests assert on it),
 * and faults queued per route, spent one request at a time, as the Slack emulator's failNext does.
 */

/** One request as the fake received it. `body` is the parsed JSON when it was JSON, else the raw text. */
export interface ReceivedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  rawBody: string;
  body: unknown;
  /** The status the fake answered. */
  status: number;
  at: number;
  /** Set when a queued fault answered instead of the service. */
  fault?: Fault;
}

/**
 * `status` 429 answers with `Retry-After: retryAfter` (seconds; absent when undefined), as the services do when
 * they send one; any other status answers with `body`. `headers` are added to the answer (GitHub's rate-limit
 * headers on a 403). `hangMs`: hold the answer that long (the client times out); `afterHandling`: the fake does
 * the work, then answers with the fault (an answer lost after the effect).
 */
export interface Fault {
  status?: number;
  retryAfter?: number;
  body?: unknown;
  headers?: Record<string, string>;
  hangMs?: number;
  afterHandling?: boolean;
}

export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (req: ReceivedRequest, params: Record<string, string>) => Answer | Promise<Answer>;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  name: string;
  handler: Handler;
}

/** Bodies past this are refused with 413, as the real services refuse oversized requests. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

export class FakeService {
  readonly received: ReceivedRequest[] = [];
  private readonly routes: Route[] = [];
  private readonly faults = new Map<string, { fault: Fault; remaining: number }[]>();
  private server: Server | undefined;
  /** Answers held back by a `hangMs` fault: stop() ends them at once. */
  private readonly hanging = new Map<ServerResponse, () => void>();
  private port = 0;
  private readonly listeners = new Set<(req: ReceivedRequest) => void>();

  constructor(readonly name: string) {}

  /** Calls `listener` after each request is answered (a page showing what the fake holds redraws then). */
  onAnswered(listener: (req: ReceivedRequest) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** `path` like `/v2/alerts/:identifier`; `name` names the route for failNext (default `METHOD path`). */
  route(method: string, path: string, handler: Handler, name = `${method} ${path}`): void {
    const names: string[] = [];
    const source = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_, n: string) => {
      names.push(n);
      return '([^/]+)';
    });
    this.routes.push({ method, pattern: new RegExp(`^${source}$`), names, name, handler });
  }

  /** The next `times` requests to the route named `route` get `fault`. */
  failNext(route: string, fault: Fault, times = 1): void {
    const q = this.faults.get(route) ?? [];
    q.push({ fault, remaining: Math.max(1, times) });
    this.faults.set(route, q);
  }

  /** Requests to a route (by its name), oldest first; faults included. */
  requestsTo(route: string): ReceivedRequest[] {
    const r = this.routes.find((x) => x.name === route);
    if (!r) throw new Error(`${this.name}: no route named ${route}`);
    return this.received.filter((q) => q.method === r.method && r.pattern.test(q.path));
  }

  get url(): string {
    if (!this.server) throw new Error(`${this.name} is not started`);
    return `http://127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const [res, wake] of this.hanging) {
      res.destroy();
      wake();
    }
    this.hanging.clear();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private takeFault(route: string): Fault | undefined {
    const q = this.faults.get(route);
    const head = q?.[0];
    if (!head) return undefined;
    head.remaining -= 1;
    if (head.remaining === 0) q.shift();
    return head.fault;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) {
        send(res, { status: 413, body: { message: 'Request entity too large' } });
        return;
      }
      chunks.push(chunk as Buffer);
    }
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const received: ReceivedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers,
      rawBody,
      body: parseJson(rawBody, headers['content-type']),
      status: 0,
      at: Date.now(),
    };
    this.received.push(received);
    const route = this.routes.find((r) => r.method === received.method && r.pattern.test(received.path));
    if (!route) {
      received.status = 404;
      send(res, {
        status: 404,
        body: { message: `${this.name} fake: no route for ${received.method} ${received.path}` },
      });
      return;
    }
    const params: Record<string, string> = {};
    const m = route.pattern.exec(received.path);
    route.names.forEach((n, i) => {
      params[n] = decodeURIComponent(m?.[i + 1] ?? '');
    });
    const fault = this.takeFault(route.name);
    if (fault) received.fault = fault;
    if (fault?.hangMs !== undefined) {
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, fault.hangMs);
        this.hanging.set(res, () => {
          clearTimeout(timer);
          wake();
        });
      });
      this.hanging.delete(res);
      if (res.destroyed) return;
    }
    let answer: Answer;
    if (fault?.status !== undefined && !fault.afterHandling) answer = faultAnswer(fault);
    else {
      try {
        answer = await route.handler(received, params);
      } catch (e) {
        answer = { status: 500, body: { message: String(e) } };
      }
      if (fault?.status !== undefined) answer = faultAnswer(fault);
    }
    received.status = answer.status;
    if (!res.destroyed) send(res, answer);
    for (const listener of this.listeners) listener(received);
  }
}

function faultAnswer(fault: Fault): Answer {
  const status = fault.status ?? 500;
  const headers: Record<string, string> = {};
  if ((status === 429 || status === 420) && fault.retryAfter !== undefined)
    headers['retry-after'] = String(fault.retryAfter);
  Object.assign(headers, fault.headers);
  return {
    status,
    body: fault.body ?? (status === 429 || status === 420 ? '' : { message: 'Internal Server Error' }),
    headers,
  };
}

function send(res: ServerResponse, answer: Answer): void {
  const text =
    answer.body === undefined || answer.body === ''
      ? ''
      : typeof answer.body === 'string'
        ? answer.body
        : JSON.stringify(answer.body);
  const type = typeof answer.body === 'string' ? 'text/plain' : 'application/json';
  res.writeHead(answer.status, { ...(text ? { 'content-type': type } : {}), ...answer.headers });
  res.end(text);
}

function parseJson(text: string, type: string | undefined): unknown {
  if (!text || !(type ?? '').includes('json')) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
