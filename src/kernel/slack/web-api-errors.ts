/** Slack's `error` string from a Web API failure, or a transport description. */
export function slackErrorCode(error: unknown): string {
  const err = error as { code?: string; data?: { error?: string }; statusCode?: number; message?: string };
  if (err?.data?.error) return err.data.error;
  if (err?.code === 'slack_webapi_rate_limited_error') return 'ratelimited';
  if (err?.code === 'slack_webapi_http_error') return `http_${err.statusCode ?? 'error'}`;
  if (err?.code === 'slack_webapi_request_error') return 'request_failed';
  return err?.message ?? String(error);
}

/** Worth trying again: Slack was busy or unreachable, not telling us we asked wrongly. */
export function isTransient(code: string): boolean {
  return (
    code === 'ratelimited' ||
    code === 'request_failed' ||
    code.startsWith('http_5') ||
    code === 'internal_error' ||
    code === 'fatal_error' ||
    code === 'service_unavailable'
  );
}

/** Slack's Retry-After (in ms) on a rate-limited call, when it gave one. */
export function retryAfterMs(error: unknown): number | undefined {
  const seconds = (error as { retryAfter?: number }).retryAfter;
  return seconds ? seconds * 1000 : undefined;
}

/** Slack refused the call before acting on it (a 429), so a retry need not check what landed. */
export const refusedUnprocessed = (code: string): boolean => code === 'ratelimited';
