import { createLogger, textLine } from '../../../src/kernel/log';

describe('text log lines (the sandbox terminal)', () => {
  test('time, level, message, then key=value fields; quoted only when needed; errors by message', () => {
    const lines: string[] = [];
    const log = createLogger('info', (l) => lines.push(l), 'text');
    log.info('Firebreak is listening', { port: 3000, slack: 'socket mode', ok: true });
    log.warn('Slack step failed', {
      error: Object.assign(new Error('channel_not_found'), { code: 'slack_webapi_platform_error' }),
    });
    log.debug('not shown');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d INFO {2}Firebreak is listening port=3000 slack="socket mode" ok=true$/);
    expect(lines[1]).toMatch(
      /^\d\d:\d\d:\d\d WARN {2}Slack step failed error="channel_not_found \(slack_webapi_platform_error\)"$/,
    );
    for (const l of lines) expect(l.startsWith('{')).toBe(false);
  });

  test('secrets are scrubbed as in JSON lines', () => {
    const lines: string[] = [];
    createLogger('info', (l) => lines.push(l), 'text').info('calling Slack', {
      botToken: 'xoxb-123-abc',
      url: 'postgres://u:hunter2@h/db',
    });
    expect(lines[0]).not.toMatch(/xoxb-123|hunter2/);
  });

  test('JSON stays the default, and a line that is not JSON passes through', () => {
    const lines: string[] = [];
    createLogger('info', (l) => lines.push(l)).info('hello', { a: 1 });
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'info', msg: 'hello', a: 1 });
    expect(textLine('plain words')).toBe('plain words');
  });
});
