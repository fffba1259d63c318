import { type Logger, LogLevel } from '@slack/web-api';

/** A WebClient logger that says nothing: tests that provoke refusals and 429s need none of the client's noise. */
export const quiet: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};
