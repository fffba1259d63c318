import { EnvError, readEnv } from '../../../src/config/env';

const creds = { SLACK_BOT_TOKEN: 'xoxb-1-2-3', SLACK_SIGNING_SECRET: 'abcdef0123456789' };

test('no Slack credentials outside production means the emulator, with defaults', () => {
  expect(readEnv({})).toEqual({ slack: { kind: 'emulator' }, databaseUrl: undefined, port: 3000, configFile: undefined, dataDir: './data' });
});

test('HTTP mode with the default Slack API URL', () => {
  const env = readEnv({ ...creds, PORT: '8080', DATABASE_URL: 'postgres://u@h/db', CONFIG_FILE: 'p.yml', DATA_DIR: '/var/fb' });
  expect(env).toEqual({
    slack: { kind: 'http', botToken: 'xoxb-1-2-3', signingSecret: 'abcdef0123456789', apiUrl: 'https://slack.com/api/' },
    databaseUrl: 'postgres://u@h/db',
    port: 8080,
    configFile: 'p.yml',
    dataDir: '/var/fb',
  });
});

test('socket mode when SLACK_APP_TOKEN is set; SLACK_API_URL gets its trailing slash', () => {
  const env = readEnv({ ...creds, SLACK_APP_TOKEN: 'xapp-1-A', SLACK_API_URL: 'http://127.0.0.1:9999/api' });
  expect(env.slack).toEqual({ kind: 'socket', ...{ botToken: 'xoxb-1-2-3', signingSecret: 'abcdef0123456789' }, appToken: 'xapp-1-A', apiUrl: 'http://127.0.0.1:9999/api/' });
});

test.each([
  [{ ...creds, PORT: 'eighty' }, 'PORT'],
  [{ ...creds, PORT: '70000' }, 'PORT'],
  [{ ...creds, SLACK_BOT_TOKEN: 'xoxp-user-token' }, 'SLACK_BOT_TOKEN'],
  [{ ...creds, SLACK_API_URL: 'not a url' }, 'SLACK_API_URL'],
  [{ ...creds, DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
  [{ ...creds, SLACK_APP_TOKEN: 'xoxb-wrong' }, 'SLACK_APP_TOKEN'],
  [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_SIGNING_SECRET'],
  [{ SLACK_SIGNING_SECRET: 'abcdef0123456789' }, 'SLACK_BOT_TOKEN'],
  [{ NODE_ENV: 'production' }, 'SLACK_BOT_TOKEN'],
])('%j is refused naming %s', (env, variable) => {
  expect(() => readEnv(env)).toThrow(EnvError);
  expect(() => readEnv(env)).toThrow(variable);
});

test('empty strings count as unset', () => {
  expect(readEnv({ SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '  ', PORT: '' }).slack).toEqual({ kind: 'emulator' });
});
