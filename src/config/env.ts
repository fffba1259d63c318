import { z } from 'zod';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const envSchema = z.object({
  SLACK_BOT_TOKEN: optionalText.pipe(z.string().startsWith('xoxb-', 'must be a bot token starting with xoxb-').optional()),
  SLACK_SIGNING_SECRET: optionalText.pipe(z.string().min(8, 'looks too short for a signing secret').optional()),
  SLACK_APP_TOKEN: optionalText.pipe(z.string().startsWith('xapp-', 'must be an app-level token starting with xapp-').optional()),
  SLACK_API_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  DATABASE_URL: optionalText.pipe(z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional()),
  PORT: optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a port number')
      .transform(Number)
      .pipe(z.number().int().max(65535, 'must be at most 65535'))
      .optional(),
  ),
  CONFIG_FILE: optionalText,
  DATA_DIR: optionalText,
  NODE_ENV: optionalText,
});

export type SlackMode =
  | { kind: 'http'; botToken: string; signingSecret: string; apiUrl: string }
  | { kind: 'socket'; botToken: string; signingSecret: string; appToken: string; apiUrl: string }
  | { kind: 'emulator' };

export interface Env {
  slack: SlackMode;
  databaseUrl: string | undefined;
  port: number;
  configFile: string | undefined;
  dataDir: string;
}

export class EnvError extends Error {}

export function readEnv(source: NodeJS.ProcessEnv): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new EnvError(`invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const apiUrl = withTrailingSlash(e.SLACK_API_URL ?? 'https://slack.com/api/');
  let slack: SlackMode;
  if (!e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN) {
    if (e.NODE_ENV === 'production') {
      throw new EnvError('SLACK_BOT_TOKEN: required in production (the Slack emulator only runs outside NODE_ENV=production)');
    }
    slack = { kind: 'emulator' };
  } else {
    if (!e.SLACK_BOT_TOKEN) throw new EnvError('SLACK_BOT_TOKEN: required when any Slack credential is set');
    if (!e.SLACK_SIGNING_SECRET) throw new EnvError('SLACK_SIGNING_SECRET: required when any Slack credential is set');
    slack = e.SLACK_APP_TOKEN
      ? { kind: 'socket', botToken: e.SLACK_BOT_TOKEN, signingSecret: e.SLACK_SIGNING_SECRET, appToken: e.SLACK_APP_TOKEN, apiUrl }
      : { kind: 'http', botToken: e.SLACK_BOT_TOKEN, signingSecret: e.SLACK_SIGNING_SECRET, apiUrl };
  }
  return {
    slack,
    databaseUrl: e.DATABASE_URL,
    port: e.PORT ?? 3000,
    configFile: e.CONFIG_FILE,
    dataDir: e.DATA_DIR ?? './data',
  };
}

const withTrailingSlash = (url: string): string => (url.endsWith('/') ? url : `${url}/`);
