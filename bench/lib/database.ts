import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/kernel/db/embedded';

export interface BenchDatabase {
  url: string;
  /** What the report prints: where the data lives, without the password. */
  label: string;
  cleanup(): Promise<void>;
}

/**
 * A throw-away database: a fresh `fb_bench_<random>` on TEST_DATABASE_URL /
 * DATABASE_URL's server (never that database itself), else an embedded
 * PostgreSQL in a temp dir. cleanup() drops or removes it.
 */
export async function benchDatabase(): Promise<BenchDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (serverUrl) {
    const name = `fb_bench_${randomBytes(4).toString('hex')}`;
    // Asked before CREATE DATABASE, so nothing can fail between creating the database and handing back its cleanup.
    const version = await serverVersion(serverUrl);
    await admin(serverUrl, (c) => c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`));
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const shown = new URL(url);
    if (shown.password) shown.password = '***';
    return {
      url: url.toString(),
      label: `${shown.toString()} (${version})`,
      // FORCE: a connection the bot failed to close must not leave the database behind.
      cleanup: () =>
        admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`)).then(
          () => undefined,
        ),
    };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'fb-bench-'));
  try {
    const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pgdata'), database: 'firebreak_bench' });
    const version = await serverVersion(server.url).catch(async (e: unknown) => {
      await server.stop();
      throw e;
    });
    return {
      url: server.url,
      label: `embedded PostgreSQL on port ${server.port} (${version})`,
      cleanup: async () => {
        await server.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}

async function admin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined); // a dropped connection also fails the pending query
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function serverVersion(url: string): Promise<string> {
  const { rows } = await admin(url, (c) => c.query<{ v: string }>("SELECT current_setting('server_version') AS v"));
  return `PostgreSQL ${rows[0].v.split(' ')[0]}`;
}
