import { createLogger, isSecretKey, type LogLevel, REDACTED, scrubFields, scrubString } from '../../../src/kernel/log';

function capture(level: LogLevel = 'debug') {
  const lines: string[] = [];
  const log = createLogger(level, (l) => lines.push(l));
  return { log, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('scrubString', () => {
  test.each([
    ['xoxb-1234-5678-AbCdEf', REDACTED],
    ['token xoxp-1-2-3 and xoxa-2-abc', `token ${REDACTED} and ${REDACTED}`],
    ['app token xapp-1-A0B-123-abc', `app token ${REDACTED}`],
    ['rotating xoxe.xoxp-1-Mi0yLTE=', `rotating ${REDACTED}`],
    ['refresh xoxe-1-My0xLTE', `refresh ${REDACTED}`],
    ['An API error occurred: invalid_auth (xoxs-legacy-tok)', `An API error occurred: invalid_auth (${REDACTED})`],
    [
      'connect postgres://firebreak:hunter2@db:5432/fb failed',
      `connect postgres://firebreak:${REDACTED}@db:5432/fb failed`,
    ],
    ['postgresql://u:p%40ss@host/db', `postgresql://u:${REDACTED}@host/db`],
    ['postgres://u:p@ss@host/db', `postgres://u:${REDACTED}@host/db`],
    ['redis://:onlypass@cache:6379', `redis://:${REDACTED}@cache:6379`],
    ['Authorization: Bearer abc.def-ghi', `Authorization: Bearer ${REDACTED}`],
    ['host=db user=fb password=hunter2 dbname=fb', `host=db user=fb password=${REDACTED} dbname=fb`],
    ['https://hooks.example/cb?token=abc&x=1', `https://hooks.example/cb?token=${REDACTED}&x=1`],
  ])('%s', (input, expected) => {
    expect(scrubString(input)).toBe(expected);
  });

  test('leaves ordinary text, URLs without credentials and Slack ids alone', () => {
    for (const s of [
      'INC-42 declared by U123 in C456',
      'postgres://postgres@127.0.0.1:5432/postgres',
      'https://hooks.slack.com/commands/T1/2/3',
      'Checkout is failing (SEV2)',
      'x = 1',
    ]) {
      expect(scrubString(s)).toBe(s);
    }
  });
});

describe('isSecretKey', () => {
  test.each([
    'token',
    'botToken',
    'bot_token',
    'appToken',
    'signingSecret',
    'signing_secret',
    'client_secret',
    'password',
    'Authorization',
    'cookie',
    'DATABASE_URL',
    'databaseUrl',
  ])('%s is secret', (k) => expect(isSecretKey(k)).toBe(true));
  test.each(['incident', 'requestId', 'trigger_id', 'channel', 'code', 'tokens', 'idempotencyKey'])('%s is not', (k) =>
    expect(isSecretKey(k)).toBe(false),
  );
});

describe('scrubFields', () => {
  test('censors secret names at any depth, cleans strings, serialises errors, never mutates', () => {
    const input = {
      incident: 7,
      config: { slack: { botToken: 'xoxb-1', signingSecret: 'abc123', apiUrl: 'https://slack.com/api/' } },
      headers: { authorization: 'Bearer xyz', 'content-type': 'application/json' },
      list: [{ token: 't' }, 'postgres://a:b@c/d'],
      error: Object.assign(new Error('cannot reach postgres://fb:pw@db/fb with xoxb-9-9'), { code: 'ECONNREFUSED' }),
      at: new Date('2026-01-01T00:00:00Z'),
      empty: null,
    };
    const copy = structuredClone({ ...input, error: undefined });
    const out = scrubFields(input);
    expect(out).toEqual({
      incident: 7,
      config: { slack: { botToken: REDACTED, signingSecret: REDACTED, apiUrl: 'https://slack.com/api/' } },
      headers: { authorization: REDACTED, 'content-type': 'application/json' },
      list: [{ token: REDACTED }, `postgres://a:${REDACTED}@c/d`],
      error: {
        name: 'Error',
        message: `cannot reach postgres://fb:${REDACTED}@db/fb with ${REDACTED}`,
        code: 'ECONNREFUSED',
      },
      at: input.at,
      empty: null,
    });
    expect({ ...input, error: undefined }).toEqual(copy);
  });

  test('stack only when asked; Slack error codes and causes kept; cycles survive', () => {
    const slack = Object.assign(new Error('An API error occurred: channel_not_found'), {
      code: 'slack_webapi_platform_error',
      data: { ok: false, error: 'channel_not_found' },
    });
    const wrapped = new Error('announce failed', { cause: slack });
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    expect(scrubFields({ error: wrapped, cyclic })).toEqual({
      error: {
        name: 'Error',
        message: 'announce failed',
        cause: {
          name: 'Error',
          message: 'An API error occurred: channel_not_found',
          code: 'slack_webapi_platform_error',
          slackError: 'channel_not_found',
        },
      },
      cyclic: { name: 'loop', self: '[circular]' },
    });
    expect((scrubFields({ error: slack }, true).error as { stack?: string }).stack).toContain('channel_not_found');
  });
});

describe('createLogger', () => {
  test('one JSON object per line: level name, ISO time, msg, fields', () => {
    const { log, lines, parsed } = capture('info');
    log.info('declared', { incident: 3 });
    log.debug('not shown');
    log.warn('plain');
    expect(lines).toHaveLength(2);
    const [first, second] = parsed();
    expect(first).toEqual({ level: 'info', time: expect.any(String), msg: 'declared', incident: 3 });
    expect(new Date(first.time as string).toISOString()).toBe(first.time);
    expect(second).toEqual({ level: 'warn', time: expect.any(String), msg: 'plain' });
  });

  test('silent writes nothing; an unknown LOG_LEVEL falls back to info', () => {
    const silent = capture('silent');
    silent.log.error('nope', { error: new Error('x') });
    expect(silent.lines).toEqual([]);
    const odd = capture('verbose' as LogLevel);
    odd.log.debug('hidden');
    odd.log.info('shown');
    expect(odd.parsed().map((p) => p.msg)).toEqual(['shown']);
  });

  test('child loggers bind fields (scrubbed too)', () => {
    const { log, parsed } = capture();
    const child = log.child({ requestId: 'T1.2.3', botToken: 'xoxb-child' }).child({ incident: 9 });
    child.info('hello');
    expect(parsed()[0]).toMatchObject({ requestId: 'T1.2.3', botToken: REDACTED, incident: 9, msg: 'hello' });
  });

  test('no secret reaches a line, whether in the message, a field, a nested field or an error', () => {
    const { log, lines } = capture('debug');
    const token = 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx';
    const secret = 'f2c1d7e3b9a84c6e9d0f1a2b3c4d5e6f';
    const url = 'postgres://firebreak:s3cr3t-pw@db.internal:5432/firebreak';
    log.info(`calling Slack with ${token}`);
    log.info('config', { slack: { botToken: token, signingSecret: secret }, databaseUrl: url, DATABASE_URL: url });
    log.warn('request', { headers: { authorization: `Bearer ${token}` }, body: `token=${token}` });
    log.error('failed', { error: new Error(`invalid_auth for ${token} via ${url}`) });
    log.error('wrapped', { error: new Error('outer', { cause: new Error(`connect ${url}`) }) });
    log.child({ appToken: 'xapp-1-A1-2-abc' }).info(`pool ${url}`);
    const all = lines.join('\n');
    expect(lines).toHaveLength(6);
    for (const s of [token, secret, 's3cr3t-pw', 'xoxb-', 'xapp-']) expect(all).not.toContain(s);
    expect(all).toContain('postgres://firebreak:[redacted]@db.internal:5432/firebreak');
  });
});
