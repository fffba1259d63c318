import { z } from 'zod';
import { LEVELS, type LogLevel } from '../log';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const port = optionalText.pipe(
  z
    .string()
    .regex(/^\d+$/, 'must be a port number')
    .transform(Number)
    .pipe(z.number().int().max(65535, 'must be at most 65535'))
    .optional(),
);

/** Every environment variable Firebreak reads (bench excluded), each with its rule; read only through this module. */
const envSchema = z.object({
  SLACK_BOT_TOKEN: optionalText.pipe(
    z.string().startsWith('xoxb-', 'must be a bot token starting with xoxb-').optional(),
  ),
  SLACK_SIGNING_SECRET: optionalText.pipe(z.string().min(8, 'looks too short for a signing secret').optional()),
  SLACK_APP_TOKEN: optionalText.pipe(
    z.string().startsWith('xapp-', 'must be an app-level token starting with xapp-').optional(),
  ),
  SLACK_API_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
  ),
  PORT: port,
  ADMIN_PORT: port,
  EMULATOR_PORT: port,
  LOG_LEVEL: optionalText.pipe(z.enum(LEVELS, { error: `must be one of ${LEVELS.join(', ')}` }).optional()),
  CONFIG_FILE: optionalText,
  DATA_DIR: optionalText,
  NODE_ENV: optionalText,
  PAGERDUTY_EVENTS_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  OPSGENIE_API_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  STATUSPAGE_API_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
});

export type SlackMode =
  | { kind: 'http'; botToken: string; signingSecret: string; apiUrl: string }
  | { kind: 'socket'; botToken: string; signingSecret: string; appToken: string; apiUrl: string }
  | { kind: 'emulator' };

export interface Env {
  slack: SlackMode;
  databaseUrl: string | undefined;
  port: number;
  /** /metrics and /readyz: kept off the port that faces Slack and the internet. */
  adminPort: number;
  /** The emulator's port when it runs (no Slack credentials); fixed by default so an open sandbox tab survives a restart; 0 picks a free one. */
  emulatorPort: number;
  logLevel: LogLevel;
  configFile: string | undefined;
  dataDir: string;
  /** Where pages go: the real services unless pointed at fakes (tests, the sandbox). */
  paging: { pagerdutyEventsUrl: string; opsgenieApiUrl: string };
  /** Where public posts go: Statuspage's API unless pointed at the fake (tests, the sandbox). */
  statusPage: { apiUrl: string };
}

export class EnvError extends Error {}

const DEFAULT_DATA_DIR = './data';

function parse<Schema extends z.ZodType>(schema: Schema, source: NodeJS.ProcessEnv): z.output<Schema> {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new EnvError(`invalid environment:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Where the command-line tools find the database. */
export interface DatabaseEnv {
  databaseUrl: string | undefined;
  dataDir: string;
}

/**
 * The variables the review and audit tools read. Only these are checked: a tool is run
 * where the bot's Slack settings are often absent (the image, a laptop), and needs none.
 */
export function readDatabaseEnv(source: NodeJS.ProcessEnv): DatabaseEnv {
  const e = parse(envSchema.pick({ DATABASE_URL: true, DATA_DIR: true }), source);
  return { databaseUrl: e.DATABASE_URL, dataDir: e.DATA_DIR ?? DEFAULT_DATA_DIR };
}

export function readEnv(source: NodeJS.ProcessEnv): Env {
  const e = parse(envSchema, source);
  const production = e.NODE_ENV === 'production';
  // The bot token goes to this URL with every call: plain http only where it never leaves the machine.
  if (production && e.SLACK_API_URL && !e.SLACK_API_URL.startsWith('https://') && !isLoopback(e.SLACK_API_URL)) {
    throw new EnvError('SLACK_API_URL: must be https:// when NODE_ENV=production (http only to a loopback address)');
  }
  const ports = { port: e.PORT ?? 3000, adminPort: e.ADMIN_PORT ?? 9091 };
  if (ports.adminPort !== 0 && ports.adminPort === ports.port)
    throw new EnvError('ADMIN_PORT: must differ from PORT (metrics stay off the port that faces Slack)');
  const apiUrl = withTrailingSlash(e.SLACK_API_URL ?? 'https://slack.com/api/');
  let slack: SlackMode;
  if (!e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN) {
    if (production) {
      throw new EnvError(
        'SLACK_BOT_TOKEN: required in production (the Slack emulator only runs outside NODE_ENV=production)',
      );
    }
    slack = { kind: 'emulator' };
  } else {
    if (!e.SLACK_BOT_TOKEN) throw new EnvError('SLACK_BOT_TOKEN: required when any Slack credential is set');
    if (!e.SLACK_SIGNING_SECRET) throw new EnvError('SLACK_SIGNING_SECRET: required when any Slack credential is set');
    slack = e.SLACK_APP_TOKEN
      ? {
          kind: 'socket',
          botToken: e.SLACK_BOT_TOKEN,
          signingSecret: e.SLACK_SIGNING_SECRET,
          appToken: e.SLACK_APP_TOKEN,
          apiUrl,
        }
      : { kind: 'http', botToken: e.SLACK_BOT_TOKEN, signingSecret: e.SLACK_SIGNING_SECRET, apiUrl };
  }
  // The embedded database lives on the container's disk, which a redeploy throws away with every incident in it.
  if (production && !e.DATABASE_URL)
    throw new EnvError(
      'DATABASE_URL: required when NODE_ENV=production (the embedded PostgreSQL is for trying Firebreak out)',
    );
  return {
    slack,
    databaseUrl: e.DATABASE_URL,
    ...ports,
    emulatorPort: e.EMULATOR_PORT ?? 3100,
    logLevel: e.LOG_LEVEL ?? 'info',
    configFile: e.CONFIG_FILE,
    dataDir: e.DATA_DIR ?? DEFAULT_DATA_DIR,
    paging: {
      pagerdutyEventsUrl: withoutTrailingSlash(e.PAGERDUTY_EVENTS_URL ?? 'https://events.pagerduty.com'),
      opsgenieApiUrl: withoutTrailingSlash(e.OPSGENIE_API_URL ?? 'https://api.opsgenie.com'),
    },
    statusPage: { apiUrl: withoutTrailingSlash(e.STATUSPAGE_API_URL ?? 'https://api.statuspage.io') },
  };
}

const isLoopback = (url: string): boolean => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);

const withTrailingSlash = (url: string): string => (url.endsWith('/') ? url : `${url}/`);

const withoutTrailingSlash = (url: string): string => url.replace(/\/+$/, '');
