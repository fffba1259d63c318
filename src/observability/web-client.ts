import type { WebClient } from '@slack/web-api';
import type { SlackPacer } from '../kernel/slack/pacer';
import { isPaced } from '../kernel/slack/pacer';
import { retryAfterMs } from '../kernel/slack/web-api-errors';
import type { Metrics } from './metrics';

type ApiCall = WebClient['apiCall'];

const instrumented = new WeakSet<WebClient>();
const SLACK_ERROR_CODE = /^[a-z0-9_.]{1,64}$/;

/**
 * The `outcome` label of a failed Web API call, from a bounded set: Slack's own
 * error code (`channel_not_found`…), `ratelimited`, `timeout`, `http_5xx`,
 * `http_4xx`, `request_failed` (network), or `error` for anything else.
 */
export function apiOutcome(error: unknown): string {
  const err = error as
    | { code?: string; data?: { error?: unknown }; statusCode?: number; original?: { name?: string }; message?: string }
    | undefined;
  const slackError = err?.data?.error;
  if (typeof slackError === 'string') return SLACK_ERROR_CODE.test(slackError) ? slackError : 'error';
  switch (err?.code) {
    case 'slack_webapi_rate_limited_error':
      return 'ratelimited';
    case 'slack_webapi_http_error': {
      const status = err.statusCode ?? 0;
      if (status === 429) return 'ratelimited';
      return status >= 500 ? 'http_5xx' : 'http_4xx';
    }
    case 'slack_webapi_request_error': {
      const name = err.original?.name;
      return name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'request_failed';
    }
  }
  // The retrying client gives up on a rate limit with a plain Error.
  if (typeof err?.message === 'string' && err.message.startsWith('A rate limit was exceeded')) return 'ratelimited';
  return 'error';
}

/**
 * Counts every Web API call `client` makes in `slack_api_calls_total{method,outcome}`.
 * @slack/web-api 8 emits no per-call events, and its `client.chat.postMessage`-style
 * methods are bound to the prototype's `apiCall` when the client is built, so
 * replacing `client.apiCall` alone would miss them: the namespaced methods are
 * re-pointed at the counting `apiCall` too (their path is the method name).
 * One count per logical call, after the client's own retries. Idempotent.
 *
 * With a `pacer`, the same wrapper first spends the call's tokens (a call without one is not made and
 * not counted here: `slack_paced_total` counts it), and a 429 from Slack itself empties the buckets.
 */
export function instrumentWebClient<C extends WebClient>(client: C, metrics: Metrics, pacer?: SlackPacer): C {
  if (instrumented.has(client)) return client;
  instrumented.add(client);
  const original: ApiCall = client.apiCall.bind(client);
  const counted = async (method: string, options?: Parameters<ApiCall>[1]) => {
    await pacer?.before(method, options);
    try {
      const result = await original(method, options);
      metrics.countApiCall(method, 'ok');
      return result;
    } catch (e) {
      const outcome = apiOutcome(e);
      metrics.countApiCall(method, outcome);
      const wait = retryAfterMs(e);
      if (pacer && outcome === 'ratelimited' && wait && !isPaced(e)) await pacer.after429(method, options, wait);
      throw e;
    }
  };
  client.apiCall = counted as ApiCall;
  repoint(client as unknown as Record<string, unknown>, '', counted, 0);
  return client;
}

function repoint(
  ns: Record<string, unknown>,
  prefix: string,
  apiCall: (method: string, options?: never) => Promise<unknown>,
  depth: number,
): void {
  if (depth > 5) return;
  for (const key of Object.keys(ns)) {
    const value = ns[key];
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'function') {
      // `bindApiCall` in @slack/web-api: `self.apiCall.bind(self, method)`.
      if (value.name === 'bound apiCall' && prefix) ns[key] = (options?: never) => apiCall(path, options);
    } else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      repoint(value as Record<string, unknown>, path, apiCall, depth + 1);
    }
  }
}
