import { DEFAULT_POLICY } from '../../src/domain/policy';
import { createLogger } from '../../src/log';
import { start } from '../../src/main';
import { SlackEmulator } from '../../src/sandbox/emulator';
import { createTestDatabase, withAdmin } from '../support/database';
import { BOT_TOKEN, SIGNING_SECRET } from '../support/harness';

test('/healthz is up while the process is; /readyz follows the database', async () => {
  const database = await createTestDatabase();
  const emulator = new SlackEmulator({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET });
  await emulator.start();
  const bot = await start({
    databaseUrl: database.url,
    slack: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: emulator.apiUrl },
    port: 0,
    policy: DEFAULT_POLICY,
    log: createLogger('silent'),
  });
  const get = (path: string) => fetch(`http://127.0.0.1:${bot.port}${path}`);
  try {
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/readyz')).status).toBe(200);

    // The database disappears under the running bot.
    const name = new URL(database.url).pathname.slice(1);
    await withAdmin(process.env.FB_TEST_ADMIN_URL!, (admin) => admin.query(`DROP DATABASE ${admin.escapeIdentifier(name)} WITH (FORCE)`));
    const ready = await get('/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ ok: false, reason: 'database unreachable' });
    expect((await get('/healthz')).status).toBe(200);
  } finally {
    await bot.stop();
    await emulator.stop();
    await database.drop().catch(() => undefined);
  }
});
