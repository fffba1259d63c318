import { EnvError, readDatabaseEnv, readEnv } from '../../../../src/kernel/config/env';

const realPaging = { pagerdutyEventsUrl: 'https://events.pagerduty.com', opsgenieApiUrl: 'https://api.opsgenie.com' };
const realStatusPage = { apiUrl: 'https://api.statuspage.io' };
const creds = { SLACK_BOT_TOKEN: 'xoxb-1-2-3', SLACK_SIGNING_SECRET: 'abcdef0123456789' };

test('no Slack credentials outside production means the emulator, with defaults', () => {
  expect(readEnv({})).toEqual({
    slack: { kind: 'emulator' },
    databaseUrl: undefined,
    port: 3000,
    adminPort: 9091,
    emulatorPort: 3100,
    logLevel: 'info',
    configFile: undefined,
    dataDir: './data',
    paging: realPaging,
    statusPage: realStatusPage,
  });
});

test('HTTP mode with the default Slack API URL', () => {
  const env = readEnv({
    ...creds,
    PORT: '8080',
    ADMIN_PORT: '9100',
    LOG_LEVEL: 'warn',
    DATABASE_URL: 'postgres://u@h/db',
    CONFIG_FILE: 'p.yml',
    DATA_DIR: '/var/fb',
  });
  expect(env).toEqual({
    slack: {
      kind: 'http',
      botToken: 'xoxb-1-2-3',
      signingSecret: 'abcdef0123456789',
      apiUrl: 'https://slack.com/api/',
    },
    databaseUrl: 'postgres://u@h/db',
    port: 8080,
    adminPort: 9100,
    emulatorPort: 3100,
    logLevel: 'warn',
    configFile: 'p.yml',
    dataDir: '/var/fb',
    paging: realPaging,
    statusPage: realStatusPage,
  });
});

test('socket mode when SLACK_APP_TOKEN is set; SLACK_API_URL gets its trailing slash', () => {
  const env = readEnv({ ...creds, SLACK_APP_TOKEN: 'xapp-1-A', SLACK_API_URL: 'http://127.0.0.1:9999/api' });
  expect(env.slack).toEqual({
    kind: 'socket',
    ...{ botToken: 'xoxb-1-2-3', signingSecret: 'abcdef0123456789' },
    appToken: 'xapp-1-A',
    apiUrl: 'http://127.0.0.1:9999/api/',
  });
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
  // Never an embedded database on a container's throwaway disk in production.
  [{ ...creds, NODE_ENV: 'production' }, 'DATABASE_URL'],
  // The bot token travels with every call to this URL.
  [
    {
      ...creds,
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://u@h/db',
      SLACK_API_URL: 'http://slack.example.com/api/',
    },
    'SLACK_API_URL',
  ],
  [{ ...creds, LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
  [{ ...creds, EMULATOR_PORT: 'anywhere' }, 'EMULATOR_PORT'],
  [{ ...creds, ADMIN_PORT: '99999' }, 'ADMIN_PORT'],
  [{ ...creds, PORT: '8080', ADMIN_PORT: '8080' }, 'ADMIN_PORT'],
])('%j is refused naming %s', (env, variable) => {
  expect(() => readEnv(env)).toThrow(EnvError);
  expect(() => readEnv(env)).toThrow(variable);
});

test('empty strings count as unset', () => {
  expect(readEnv({ SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '  ', PORT: '' }).slack).toEqual({ kind: 'emulator' });
});

test('production with a database and https Slack starts; EMULATOR_PORT and ADMIN_PORT 0 are accepted', () => {
  const production = { ...creds, NODE_ENV: 'production', DATABASE_URL: 'postgres://u@h/db' };
  const env = readEnv({
    ...production,
    SLACK_API_URL: 'https://slack.example.com/api',
    ADMIN_PORT: '0',
    EMULATOR_PORT: '0',
  });
  expect(env).toMatchObject({
    adminPort: 0,
    emulatorPort: 0,
    slack: { kind: 'http', apiUrl: 'https://slack.example.com/api/' },
  });
  // Plain http to a loopback address never leaves the machine (a local proxy, a test's fake Slack).
  expect(readEnv({ ...production, SLACK_API_URL: 'http://127.0.0.1:8080/api/' }).slack).toMatchObject({
    apiUrl: 'http://127.0.0.1:8080/api/',
  });
  expect(readEnv({ EMULATOR_PORT: '3100' }).emulatorPort).toBe(3100);
});

describe('the command-line tools read only the database variables, through the same schema', () => {
  test('defaults, trimming, and no Slack settings needed even in production', () => {
    expect(readDatabaseEnv({})).toEqual({ databaseUrl: undefined, dataDir: './data' });
    expect(
      readDatabaseEnv({ NODE_ENV: 'production', DATABASE_URL: ' postgres://u@h/db ', DATA_DIR: ' /var/fb ' }),
    ).toEqual({ databaseUrl: 'postgres://u@h/db', dataDir: '/var/fb' });
    expect(readDatabaseEnv({ SLACK_BOT_TOKEN: 'not checked here', DATA_DIR: '' }).dataDir).toBe('./data');
  });

  test('a DATABASE_URL that is not postgres:// is refused naming it', () => {
    expect(() => readDatabaseEnv({ DATABASE_URL: 'mysql://x' })).toThrow(EnvError);
    expect(() => readDatabaseEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres:\/\/ URL/);
  });
});
