import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFromEnv } from '../../../src/cli/run';
import { PolicyError } from '../../../src/config/policy-file';
import { createLogger } from '../../../src/log';
import { createTestDatabase, type TestDatabase } from '../../support/database';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.drop());

const silent = createLogger('silent');

test('without Slack credentials the bot runs against the emulator and answers commands', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fb-policy-'));
  writeFileSync(join(dir, 'policy.yml'), 'categories: [Network, Storage]\n');
  const running = await runFromEnv({ DATABASE_URL: database.url, PORT: '0', ADMIN_PORT: '0', CONFIG_FILE: join(dir, 'policy.yml') }, silent);
  try {
    expect(running.emulator).toBeDefined();
    const emu = running.emulator!;
    expect(emu.botEndpoint).toBe(running.bot.eventsUrl);
    const help = await emu.command({ user: 'UALICE', channel: 'CGENERAL', text: 'help' });
    expect(help.body.text).toContain('/incident declare');
    await emu.command({ user: 'UALICE', channel: 'CGENERAL', text: 'declare Disk full' });
    const view = await emu.waitFor(() => emu.workspace.openViews('UALICE')[0]);
    // The policy file reached the modal.
    expect(view.view.blocks?.[2].element?.options?.map((o) => o.value)).toEqual(['Network', 'Storage']);
  } finally {
    await running.stop();
  }
});

test('a bad policy file stops the start and names the key', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fb-policy-'));
  writeFileSync(join(dir, 'bad.yml'), 'severities:\n  SEV1:\n    updateEvery: 0m\n');
  await expect(runFromEnv({ DATABASE_URL: database.url, CONFIG_FILE: join(dir, 'bad.yml') }, silent)).rejects.toThrow(PolicyError);
  await expect(runFromEnv({ DATABASE_URL: database.url, CONFIG_FILE: join(dir, 'bad.yml') }, silent)).rejects.toThrow('severities.SEV1.updateEvery');
  await expect(runFromEnv({ DATABASE_URL: database.url, CONFIG_FILE: join(dir, 'missing.yml') }, silent)).rejects.toThrow('CONFIG_FILE');
});
