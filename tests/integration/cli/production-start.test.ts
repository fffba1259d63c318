import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SlackEmulator as Emulator } from '@firebreak/slack-emulator';
import { createLogger } from '../../../src/kernel/log';
import { createTestDatabase, type TestDatabase } from '../../support/database';

// Each sandbox module run.ts may load notes when it is loaded. The test reaches the emulator
// through jest.requireActual, which does not note it, so only run.ts's own loads are seen.
const mockLoaded: string[] = [];
function mockNoted(name: string, path: string): unknown {
  mockLoaded.push(name);
  return jest.requireActual(path);
}
jest.mock('@firebreak/slack-emulator', () => mockNoted('emulator', '@firebreak/slack-emulator'));
jest.mock('@firebreak/sandbox/clock', () => mockNoted('clock', '@firebreak/sandbox/clock'));
jest.mock('@firebreak/sandbox/policy', () => mockNoted('policy', '@firebreak/sandbox/policy'));
jest.mock('@firebreak/sandbox/api', () => mockNoted('page', '@firebreak/sandbox/api'));
jest.mock('@firebreak/sandbox/workspace-file', () => mockNoted('workspace-file', '@firebreak/sandbox/workspace-file'));

const { SlackEmulator } = jest.requireActual<{ SlackEmulator: typeof Emulator }>('@firebreak/slack-emulator');

let database: TestDatabase;
let runFromEnv: typeof import('../../../src/cli/run').runFromEnv;
beforeAll(async () => {
  database = await createTestDatabase();
});
// Each test gets run.ts from a fresh module registry, so a sandbox the other test loaded is neither already
// loaded nor counted here. Imported once mockLoaded is empty: a run.ts that loaded the sandbox with itself
// would be seen doing so.
beforeEach(async () => {
  jest.resetModules();
  mockLoaded.length = 0;
  ({ runFromEnv } = await import('../../../src/cli/run.js'));
});
afterAll(() => database?.drop());

const silent = createLogger('silent');
const dataDir = () => mkdtempSync(join(tmpdir(), 'fb-start-'));

test('a start with Slack credentials answers commands and never loads the sandbox', async () => {
  // Slack itself, as far as the bot can tell: it is reached through SLACK_API_URL like slack.com.
  const slack = new SlackEmulator({ botToken: 'xoxb-production-start', signingSecret: 'a-signing-secret-for-tests' });
  await slack.start(0);
  const running = await runFromEnv(
    {
      DATABASE_URL: database.url,
      PORT: '0',
      ADMIN_PORT: '0',
      DATA_DIR: dataDir(),
      SLACK_BOT_TOKEN: 'xoxb-production-start',
      SLACK_SIGNING_SECRET: 'a-signing-secret-for-tests',
      SLACK_API_URL: slack.apiUrl,
    },
    silent,
  );
  try {
    expect(running.emulator).toBeUndefined();
    slack.botEndpoint = running.bot.eventsUrl;
    const help = await slack.command({ user: 'UALICE', channel: 'CGENERAL', text: 'help' });
    expect(help.body.text).toContain('/incident declare');
    expect(mockLoaded).toEqual([]);
  } finally {
    await running.stop();
    await slack.stop();
  }
});

test('a start without Slack credentials loads the sandbox it runs on', async () => {
  const running = await runFromEnv(
    { DATABASE_URL: database.url, PORT: '0', ADMIN_PORT: '0', EMULATOR_PORT: '0', DATA_DIR: dataDir() },
    silent,
  );
  try {
    expect(running.emulator).toBeDefined();
    expect([...mockLoaded].sort()).toEqual(['clock', 'emulator', 'page', 'policy', 'workspace-file']);
  } finally {
    await running.stop();
  }
});
