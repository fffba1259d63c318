import { SlackEmulator } from '@firebreak/slack-emulator';
import { sql } from 'kysely';
import { createTestDatabase, withAdmin } from '../support/database';
import { BOT_TOKEN, type Harness, SIGNING_SECRET, startReplica } from '../support/harness';

async function startBot(opts: { metricsCacheMs?: number } = {}) {
  const database = await createTestDatabase();
  const emulator = new SlackEmulator({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET });
  await emulator.start();
  const bot = await startReplica({ emulator, database } as Harness, opts);
  return {
    database,
    bot,
    main: (path: string) => fetch(`http://127.0.0.1:${bot.port}${path}`),
    admin: (path: string) => fetch(`http://127.0.0.1:${bot.adminPort}${path}`),
    async stop() {
      await bot.stop();
      await emulator.stop();
      await database.drop().catch(() => undefined);
    },
  };
}

test('/healthz is up while the process is; /readyz (on the admin port) follows the database', async () => {
  const t = await startBot();
  try {
    expect((await t.main('/healthz')).status).toBe(200);
    expect((await t.admin('/healthz')).status).toBe(200);
    expect((await t.admin('/readyz')).status).toBe(200);

    // The database disappears under the running bot.
    const name = new URL(t.database.url).pathname.slice(1);
    await withAdmin(process.env.FB_TEST_ADMIN_URL!, (admin) =>
      admin.query(`DROP DATABASE ${admin.escapeIdentifier(name)} WITH (FORCE)`),
    );
    const ready = await t.admin('/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ ok: false, reason: 'database unreachable' });
    expect((await t.main('/healthz')).status).toBe(200);
  } finally {
    await t.stop();
  }
});

test('/metrics and /readyz are not served on the port that faces Slack, only on the admin port', async () => {
  const t = await startBot();
  try {
    expect(t.bot.adminPort).not.toBe(t.bot.port);
    for (const path of ['/metrics', '/readyz']) {
      const res = await t.main(path);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('incidents_open');
    }
    const metrics = await t.admin('/metrics');
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('incidents_open{severity="SEV1"} 0');
    const unknown = await t.admin('/slack/events');
    expect(unknown.status).toBe(404);
  } finally {
    await t.stop();
  }
});

test('a scrape flood reads the database once per cache period: the gauges are reused meanwhile', async () => {
  // Long enough that the whole test runs inside one period.
  const t = await startBot({ metricsCacheMs: 60_000 });
  try {
    const openSev1 = async () =>
      /^incidents_open\{severity="SEV1"\} (\d+)$/m.exec(await (await t.admin('/metrics')).text())?.[1];
    expect(await openSev1()).toBe('0');
    await sql`insert into incidents (number, title, summary, status, severity, is_private, declared_by, declared_at, channel_id, channel_name, updated_at)
              values (990, 'cache probe', '', 'investigating', 'SEV1', false, 'UALICE', now(), 'CPROBE', 'inc-990-cache-probe', now())`.execute(
      t.database.db,
    );
    const scrapes = await Promise.all(Array.from({ length: 50 }, () => openSev1()));
    // Had any of the 50 scrapes queried, it would count the new SEV1.
    expect(new Set(scrapes)).toEqual(new Set(['0']));
  } finally {
    await t.stop();
  }
});
