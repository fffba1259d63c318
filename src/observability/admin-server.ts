import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../kernel/log';
import type { Metrics } from './metrics';

export interface AdminServerOptions {
  /** 0 picks a free port (tests). */
  port: number;
  ready: () => Promise<boolean>;
  metrics: Metrics;
  log: Logger;
}

export interface AdminServer {
  port: number;
  close(): Promise<void>;
}

/**
 * /metrics and /readyz on a port of their own: the port facing Slack faces the
 * internet, where open incidents by severity would tell an outsider when a SEV1
 * starts and a scrape flood could starve the database pool. /healthz is here
 * too so one probe config can watch either port.
 */
export async function startAdminServer(options: AdminServerOptions): Promise<AdminServer> {
  const server = createServer((req, res) => route(options, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { port: (server.address() as AddressInfo).port, close: () => closeServer(server) };
}

function route(options: AdminServerOptions, req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' && req.method !== 'HEAD') json(res, 405, { ok: false, reason: 'only GET is served here' });
  else if (path === '/healthz') json(res, 200, { ok: true });
  else if (path === '/readyz') {
    options.ready().then(
      (ok) => json(res, ok ? 200 : 503, ok ? { ok: true } : { ok: false, reason: 'database unreachable' }),
      () => json(res, 503, { ok: false, reason: 'database unreachable' }),
    );
  } else if (path === '/metrics') {
    options.metrics.render().then(
      (body) => {
        res.writeHead(200, { 'content-type': options.metrics.contentType });
        res.end(body);
      },
      (error: unknown) => {
        options.log.error('metrics: rendering failed', { error });
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('metrics unavailable\n');
      },
    );
  } else
    json(res, 404, { ok: false, reason: `no route ${path}: the admin port serves /metrics, /readyz and /healthz` });
}

function json(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Stops listening and drops idle keep-alive sockets (a scraper's), which close() alone would wait for. */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
