import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import type { AlertTables } from '../../src/features/alerts/alerts.tables';
import type { CanvasTables } from '../../src/features/canvas/canvas.tables';
import type { FeedbackTables } from '../../src/features/feedback/feedback.tables';
import type { FollowupTables } from '../../src/features/followups/followups.tables';
import type { PagingTables } from '../../src/features/paging/paging.tables';
import type { RecoveryTables } from '../../src/features/recovery/recovery.tables';
import type { ReviewTables } from '../../src/features/review/review.tables';
import type { ReviewExportTables } from '../../src/features/review-export/review-export.tables';
import type { ShortcutsTables } from '../../src/features/shortcuts/shortcuts.tables';
import type { StatusPageTables } from '../../src/features/status-page/status-page.tables';
import type { TicketTables } from '../../src/features/tickets/tickets.tables';
import type { TimelineTables } from '../../src/features/timeline/timeline.tables';
import type { ReminderTables } from '../../src/features/updates/reminders.tables';
import type { WebhookTables } from '../../src/features/webhooks/webhooks.tables';
import { createDatabase } from '../../src/kernel/db/connect';
import type { DB } from '../../src/kernel/db/schema';

// Set by global-setup.ts; jest workers inherit them.
export const ADMIN_URL_ENV = 'FB_TEST_ADMIN_URL';
export const TEMPLATE_ENV = 'FB_TEST_TEMPLATE';
export const RUN_ID_ENV = 'FB_TEST_RUN_ID';

/** Each feature's tables, on top of the kernel's: tests seed and read them all. */
type FeatureTables = TimelineTables &
  ReviewTables &
  FollowupTables &
  FeedbackTables &
  RecoveryTables &
  ReminderTables &
  AlertTables &
  PagingTables &
  WebhookTables &
  CanvasTables &
  TicketTables &
  ReviewExportTables &
  StatusPageTables &
  ShortcutsTables;

export type AllTables = DB & FeatureTables;

export interface TestDatabase {
  url: string;
  db: Kysely<AllTables>;
  pool: pg.Pool;
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Start from an empty database (template0) instead of the migrated template. */
  empty?: boolean;
}

/**
 * A private database for one test file, copied from the migrated template so no
 * file pays for migrations or sees another file's rows. Call once in beforeAll
 * and `drop()` in afterAll.
 */
export async function createTestDatabase(opts: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const adminUrl = requireEnv(ADMIN_URL_ENV);
  const template = opts.empty ? 'template0' : requireEnv(TEMPLATE_ENV);
  const name = `fb_t_${requireEnv(RUN_ID_ENV)}_${randomBytes(4).toString('hex')}`;

  await withAdmin(adminUrl, async (admin) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(
          `CREATE DATABASE ${admin.escapeIdentifier(name)} TEMPLATE ${admin.escapeIdentifier(template)}`,
        );
        return;
      } catch (err) {
        // 55006: "source database is being accessed by other users" — some connection is briefly on the template.
        if ((err as { code?: string }).code !== '55006' || attempt >= 5) throw err;
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  });

  const url = withDatabase(adminUrl, name);
  const { db, pool, close } = createDatabase(url, { max: 5 });
  let dropped: Promise<void> | undefined;
  return {
    url,
    db: db.withTables<FeatureTables>(),
    pool,
    drop: () => {
      dropped ??= close().then(() => dropDatabases(adminUrl, [name]));
      return dropped;
    },
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

export async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  client.on('error', () => {}); // a dropped connection also fails the pending query
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`Cannot connect to the test PostgreSQL server at ${redact(adminUrl)}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** PostgreSQL goes away for one test database (`on`), or comes back: live connections are cut and new ones refused. */
export async function databaseOutage(url: string, on: boolean): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await withAdmin(process.env[ADMIN_URL_ENV]!, async (admin) => {
    await admin.query(`ALTER DATABASE ${admin.escapeIdentifier(name)} ALLOW_CONNECTIONS ${on ? 'false' : 'true'}`);
    if (on)
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
  });
}

export async function dropDatabases(adminUrl: string, names: string[]): Promise<void> {
  if (names.length === 0) return;
  await withAdmin(adminUrl, async (admin) => {
    for (const name of names) {
      await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
    }
  });
}

export function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: tests/support/global-setup.ts must run first (jest.config.js globalSetup)`);
  }
  return value;
}

/** One bare incident row with a channel, for repository tests that need something to hang rows on. */
export async function seedIncident(
  t: TestDatabase,
  o: { number: number; channelId: string; at: Date; status?: string },
): Promise<number> {
  const { rows } = await t.pool.query(
    `insert into incidents (number, title, status, is_private, declared_by, declared_at, channel_id, channel_name, updated_at)
     values ($1, 'seeded', $2, false, 'UBOB', $3, $4, $5, $3) returning id`,
    [o.number, o.status ?? 'triage', o.at, o.channelId, `inc-${o.number}-seeded`],
  );
  return Number(rows[0].id);
}
