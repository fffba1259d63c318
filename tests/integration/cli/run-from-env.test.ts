import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFromEnv } from '../../../src/cli/run';
import { EnvError } from '../../../src/kernel/config/env';
import { PolicyError } from '../../../src/kernel/config/policy-file';
import { createLogger } from '../../../src/kernel/log';
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
  const running = await runFromEnv(
    {
      DATABASE_URL: database.url,
      PORT: '0',
      ADMIN_PORT: '0',
      EMULATOR_PORT: '0',
      DATA_DIR: dir,
      CONFIG_FILE: join(dir, 'policy.yml'),
    },
    silent,
  );
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
  await expect(runFromEnv({ DATABASE_URL: database.url, CONFIG_FILE: join(dir, 'bad.yml') }, silent)).rejects.toThrow(
    PolicyError,
  );
  await expect(runFromEnv({ DATABASE_URL: database.url, CONFIG_FILE: join(dir, 'bad.yml') }, silent)).rejects.toThrow(
    'severities.SEV1.updateEvery',
  );
  await expect(
    runFromEnv({ DATABASE_URL: database.url, CONFIG_FILE: join(dir, 'missing.yml') }, silent),
  ).rejects.toThrow('CONFIG_FILE');
});

test('a paging service whose key is not in the environment stops the start, naming the variable', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fb-policy-'));
  writeFileSync(
    join(dir, 'paging.yml'),
    'paging:\n  services:\n    payments: { kind: pagerduty, routingKeyEnv: PD_PAYMENTS_KEY }\n',
  );
  await expect(
    runFromEnv({ DATABASE_URL: database.url, CONFIG_FILE: join(dir, 'paging.yml') }, silent),
  ).rejects.toThrow('PD_PAYMENTS_KEY: not set; paging service "payments" (routingKeyEnv) needs the secret it holds');
});

test('when the emulator port is taken, the sandbox says so and runs on another port', async () => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const port = (taken.address() as { port: number }).port;
  const lines: string[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'fb-port-'));
  try {
    const running = await runFromEnv(
      { DATABASE_URL: database.url, PORT: '0', ADMIN_PORT: '0', EMULATOR_PORT: String(port), DATA_DIR: dataDir },
      createLogger('info', (l) => lines.push(l)),
    );
    try {
      expect(running.emulator!.url).not.toBe(`http://127.0.0.1:${port}`);
      expect(lines.join('\n')).toContain(`port ${port} is taken: the sandbox runs on another port`);
      // It still works on the port it picked.
      expect(
        (await running.emulator!.command({ user: 'UALICE', channel: 'CGENERAL', text: 'help' })).body.text,
      ).toContain('/incident declare');
    } finally {
      await running.stop();
    }
  } finally {
    await new Promise((r) => taken.close(r));
  }
});

test('a webhook whose secret variable is not set stops the start, naming the variable and the webhook', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fb-policy-'));
  writeFileSync(
    join(dir, 'hooks.yml'),
    'webhooks:\n  - { name: warehouse, url: "https://hooks.example.com/in", secretEnv: WAREHOUSE_SECRET, events: "*" }\n',
  );
  const env = {
    DATABASE_URL: database.url,
    PORT: '0',
    ADMIN_PORT: '0',
    EMULATOR_PORT: '0',
    DATA_DIR: dir,
    CONFIG_FILE: join(dir, 'hooks.yml'),
  };
  const refused = runFromEnv(env, silent);
  await expect(refused).rejects.toThrow(EnvError);
  await expect(refused).rejects.toThrow(
    'WAREHOUSE_SECRET: not set; webhook "warehouse" (https://hooks.example.com/in)',
  );
  // Set, it starts.
  const running = await runFromEnv({ ...env, WAREHOUSE_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }, silent);
  await running.stop();
});
