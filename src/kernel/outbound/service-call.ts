import { cut } from '../../domain/text';
import type { Failure } from '../outbox/outbox';

/**
 * Calls to the services around Slack (PagerDuty, Opsgenie, webhook receivers, trackers, status pages, wikis),
 * read the one way the outbox knows: a 429 (and Statuspage's 420) is refused untouched and waits out its
 * Retry-After; a 5xx, a timeout or a dropped connection may have landed, so the retry looks before re-creating;
 * any other 4xx is the request's fault and is not retried.
 */
export class ServiceCallError extends Error {
  constructor(
    readonly service: string,
    readonly failure: Failure,
    /** The HTTP status, when the service answered. */
    readonly status: number | null,
    /** The answer's body as text (trimmed), for the log and for telling people what was refused. */
    readonly body: string,
  ) {
    super(`${service}: ${failure.code}`);
  }
}

export interface ServiceRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  /** Sent as JSON unless already a string. */
  body?: unknown;
  /** Default 10 s: a receiver slower than that is treated as down (GitHub and Standard Webhooks use the same). */
  timeoutMs?: number;
  /**
   * A service's own reading of a refusal, where it differs from the usual one (GitHub's rate limits answer 403);
   * undefined: the usual reading.
   */
  readFailure?: (status: number, headers: Headers, body: string) => Failure | undefined;
}

export interface ServiceAnswer {
  status: number;
  headers: Headers;
  /** Parsed JSON when the answer is JSON, else the text (possibly empty). */
  body: unknown;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const BODY_KEPT = 500;

/** One HTTP call; resolves on 2xx (and 3xx, which fetch follows), throws ServiceCallError otherwise. */
export async function callService(service: string, req: ServiceRequest): Promise<ServiceAnswer> {
  const body = req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
  const headers: Record<string, string> = {
    ...(body !== undefined && typeof req.body !== 'string' ? { 'content-type': 'application/json' } : {}),
    'user-agent': 'Firebreak',
    ...req.headers,
  };
  let res: Response;
  try {
    res = await fetch(req.url, {
      method: req.method,
      headers,
      body,
      signal: AbortSignal.timeout(req.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  } catch (e) {
    // A DOMException, not always an Error of this realm: read its name.
    const name = (e as { name?: unknown } | null)?.name;
    const timedOut = name === 'TimeoutError' || name === 'AbortError';
    throw new ServiceCallError(
      service,
      { transient: true, code: timedOut ? 'timeout' : 'request_failed' },
      null,
      String(e),
    );
  }
  const text = await res.text().catch(() => '');
  if (res.ok) return { status: res.status, headers: res.headers, body: parseBody(res.headers, text) };
  throw new ServiceCallError(
    service,
    req.readFailure?.(res.status, res.headers, text) ?? failureOfStatus(res.status, res.headers.get('retry-after')),
    res.status,
    text.slice(0, BODY_KEPT),
  );
}

/** How an HTTP status reads for the outbox. Exported for the services' own tests. */
export function failureOfStatus(status: number, retryAfter: string | null): Failure {
  const code = `http_${status}`;
  if (status === 429 || status === 420) {
    const wait = retryAfterMsOf(retryAfter);
    return { transient: true, code, untouched: true, ...(wait === undefined ? {} : { retryAfterMs: wait }) };
  }
  if (status >= 500 || status === 408) return { transient: true, code };
  return { transient: false, code };
}

/** Retry-After as seconds or as an HTTP date; nothing when absent or unreadable. */
export function retryAfterMsOf(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function parseBody(headers: Headers, text: string): unknown {
  if (!text || !(headers.get('content-type') ?? '').includes('json')) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A refusal that retrying will not change (any 4xx but 408/420/429): told once, not retried. */
export const refusedForGood = (e: unknown): e is ServiceCallError =>
  e instanceof ServiceCallError && !e.failure.transient;

/**
 * What a refusing service said, as the one line people are told: `said` picks the service's own words out of its
 * JSON answer (each service words its errors differently); without any, the status is all there is.
 */
export function refusalLine(error: ServiceCallError, said: (body: Record<string, unknown>) => string): string {
  try {
    const body: unknown = JSON.parse(error.body);
    const words = body && typeof body === 'object' ? said(body as Record<string, unknown>) : '';
    if (words) return cut(`${words} (HTTP ${error.status})`, 300);
  } catch {
    // Not JSON: the status is all there is.
  }
  return `HTTP ${error.status ?? '?'}`;
}
