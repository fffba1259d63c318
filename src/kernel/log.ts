import pino, { type DestinationStream } from 'pino';

export type LogFields = Record<string, unknown>;
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `bindings` to every line, e.g. `{ incident: 42 }` or `{ requestId }`. */
  child(bindings: LogFields): Logger;
}

export const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LEVELS)[number];

export const REDACTED = '[redacted]';

/** `json` for log shippers (production); `text` for a person at a terminal (the sandbox). */
export type LogFormat = 'json' | 'text';

/**
 * Declared for pino's own redaction (applied while serialising). The scrub pass
 * below also censors these names at any depth and cleans token- and
 * password-shaped text inside every string, since errors embed secrets in their
 * messages where no path can reach them.
 */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'headers.cookie',
  '*.headers.cookie',
  'password',
  '*.password',
  'signingSecret',
  '*.signingSecret',
  'signing_secret',
  '*.signing_secret',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
  'clientSecret',
  '*.clientSecret',
  'DATABASE_URL',
  '*.DATABASE_URL',
];

/**
 * One JSON object per line (pino), so log shippers need no parsing rules:
 * `{"level":"info","time":"2026-…Z","msg":"…",…fields}`. `write` receives each
 * line without its newline (tests capture them); the default is stdout.
 * `text` turns each line into textLine's form, after the same scrubbing.
 */
export function createLogger(
  level: LogLevel = 'info',
  write?: (line: string) => void,
  format: LogFormat = 'json',
): Logger {
  const known = (LEVELS as readonly string[]).includes(level) || level in pino.levels.values;
  const shape = format === 'text' ? textLine : (line: string) => line;
  const out = write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const destination: DestinationStream =
    write || format === 'text'
      ? { write: (s: string) => out(shape(s.endsWith('\n') ? s.slice(0, -1) : s)) }
      : pino.destination({ dest: 1, sync: true });
  let stacks = false;
  const p = pino(
    {
      level: known ? level : 'info',
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      formatters: {
        level: (label) => ({ level: label }),
        bindings: (bindings) => (bindings ? scrubFields(bindings, stacks) : bindings),
        // Every line's object, `msg` included (see wrap): `Slack step failed: ${e.message}` may carry a token.
        log: (fields) => scrubFields(fields, stacks),
      },
    },
    destination,
  );
  // Stack traces are noise (and a leak of paths) in production logs; debug gets them.
  stacks = p.isLevelEnabled('debug');
  return wrap(p);
}

// `msg` goes into the object, ahead of the fields, so a line reads `{"level","time",…bindings,"msg",…fields}`
// as it always has (pino would put it last). Disabled levels return before building anything.
function wrap(logger: pino.Logger): Logger {
  const on = {
    debug: logger.isLevelEnabled('debug'),
    info: logger.isLevelEnabled('info'),
    warn: logger.isLevelEnabled('warn'),
    error: logger.isLevelEnabled('error'),
  };
  return {
    debug: (msg, fields) => on.debug && logger.debug({ msg, ...fields }),
    info: (msg, fields) => on.info && logger.info({ msg, ...fields }),
    warn: (msg, fields) => on.warn && logger.warn({ msg, ...fields }),
    error: (msg, fields) => on.error && logger.error({ msg, ...fields }),
    child: (bindings) => wrap(logger.child(bindings)),
  };
}

// --- scrubbing ----------------------------------------------------------------

const SLACK_TOKEN = /\b(?:xox[a-z](?:\.xox[a-z])?|xapp)-[A-Za-z0-9._=-]*/g;
// scheme://user:password@ — the password may itself contain '@', so match up to the last one before the path.
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@]*):([^\s/]*)@/gi;
const AUTH_HEADER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
// key=value secrets in query strings and libpq connection strings.
const KEY_VALUE = /\b((?:password|passwd|pwd|token|access_token|client_secret|secret)=)[^&\s"',;]+/gi;
const MAYBE_SECRET = /xox|xapp|:\/\/|bearer|basic|=/i;

/** Replaces token-, credential- and password-shaped parts of `s`. */
export function scrubString(text: string): string {
  if (!MAYBE_SECRET.test(text)) return text;
  return text
    .replace(SLACK_TOKEN, REDACTED)
    .replace(URL_CREDENTIALS, `$1$2:${REDACTED}@`)
    .replace(AUTH_HEADER, `$1 ${REDACTED}`)
    .replace(KEY_VALUE, `$1${REDACTED}`);
}

/** Field names whose values are secrets whatever they look like (a signing secret is plain hex). */
export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_]/g, '');
  return (
    k === 'authorization' ||
    k === 'cookie' ||
    k === 'setcookie' ||
    k === 'apikey' ||
    k === 'passwd' ||
    k === 'databaseurl' ||
    k.endsWith('token') ||
    k.endsWith('secret') ||
    k.endsWith('password')
  );
}

const MAX_DEPTH = 8;

/** A copy of `fields` safe to log: secrets censored, errors serialised. Never mutates its input. */
export function scrubFields(fields: Record<string, unknown>, stacks = false): Record<string, unknown> {
  return scrubObject(fields, stacks, 0, new WeakSet());
}

function scrubObject(value: object, stacks: boolean, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    out[key] = isSecretKey(key) && v !== null && v !== undefined ? REDACTED : scrubValue(v, stacks, depth + 1, seen);
  }
  return out;
}

function scrubValue(value: unknown, stacks: boolean, depth: number, seen: WeakSet<object>): unknown {
  switch (typeof value) {
    case 'string':
      return scrubString(value);
    case 'bigint':
      return value.toString();
    case 'function':
    case 'symbol':
      return undefined;
    case 'object':
      break;
    default:
      return value;
  }
  if (value === null || value instanceof Date) return value;
  if (depth > MAX_DEPTH) return '[too deep]';
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  try {
    if (value instanceof Error) return serialiseError(value, stacks, depth, seen);
    if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
    if (Array.isArray(value)) return value.map((x) => scrubValue(x, stacks, depth + 1, seen));
    const json = (value as { toJSON?: unknown }).toJSON;
    if (typeof json === 'function') return scrubValue(json.call(value), stacks, depth + 1, seen);
    return scrubObject(value, stacks, depth, seen);
  } finally {
    seen.delete(value);
  }
}

/** name, message, code (Slack's error code or pg's SQLSTATE) and, at debug, the stack; a cause likewise. */
function serialiseError(error: Error, stacks: boolean, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const err = error as Error & { code?: unknown; data?: { error?: unknown } };
  const out: Record<string, unknown> = { name: error.name, message: scrubString(String(error.message)) };
  if (typeof err.code === 'string' || typeof err.code === 'number') out.code = err.code;
  if (typeof err.data?.error === 'string') out.slackError = err.data.error;
  if (stacks && error.stack) out.stack = scrubString(error.stack);
  if (error.cause !== undefined) out.cause = scrubValue(error.cause, stacks, depth + 1, seen);
  return out;
}

// --- text lines -----------------------------------------------------------------

/**
 * A JSON log line as a person reads it: `14:03:07 INFO  Firebreak is listening port=3000 slack="socket mode"`
 * (local time, level, message, then key=value with values quoted only when they need it).
 */
export function textLine(json: string): string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const { time, level, msg, ...fields } = o;
  const at =
    typeof time === 'string' && !Number.isNaN(Date.parse(time)) ? new Date(time).toTimeString().slice(0, 8) : '';
  const pairs = Object.entries(fields).map(([k, v]) => `${k}=${textValue(v)}`);
  return [
    at,
    String(level ?? '')
      .toUpperCase()
      .padEnd(5),
    String(msg ?? ''),
    ...pairs,
  ]
    .filter((p) => p !== '')
    .join(' ');
}

function textValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  // A serialised error (see serialiseError) reads best as its message and code.
  if (value && typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string') {
    const e = value as { message: string; code?: unknown };
    return JSON.stringify(e.code === undefined ? e.message : `${e.message} (${String(e.code)})`);
  }
  return JSON.stringify(value);
}
