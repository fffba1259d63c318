import { DATABASE_DOWN_TEXT } from './refusal-text';

const DB_CODES = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|57P0[1-3]|08\d{3}|53300)$/;

/** Unexpected failures reach people as one of two honest sentences, never as silence. */
export function failureText(e: unknown): string {
  const err = e as { code?: string; message?: string };
  const message = err?.message ?? '';
  if ((err?.code && DB_CODES.test(err.code)) || /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|not currently accepting connections|the database system is (starting up|shutting down)/i.test(message)) {
    return DATABASE_DOWN_TEXT;
  }
  return ':warning: Something went wrong on Firebreak\'s side, and nothing was changed. Try again; if it keeps failing, tell whoever runs Firebreak.';
}
