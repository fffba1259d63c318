import { isDatabaseUnavailable } from '../database-unavailable';
import { DATABASE_DOWN_TEXT } from './refusal-text';

/** Unexpected failures reach people as one of two honest sentences, never as silence. */
export function failureText(error: unknown): string {
  if (isDatabaseUnavailable(error)) return DATABASE_DOWN_TEXT;
  return ":warning: Something went wrong on Firebreak's side, and nothing was changed. Try again; if it keeps failing, tell whoever runs Firebreak.";
}
