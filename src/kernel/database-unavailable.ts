const CODES = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|57P0[1-3]|08\d{3}|53300)$/;
const MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|not currently accepting connections|the database system is (starting up|shutting down)/i;

/**
 * The database could not be reached or refused connections: the same statement is
 * worth sending again later. Anything else (a constraint, bad data) would fail the
 * same way every time.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const err = error as { code?: string; message?: string } | undefined;
  return (!!err?.code && CODES.test(err.code)) || MESSAGES.test(err?.message ?? '');
}
