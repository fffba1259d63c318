import { createServer, type Server } from 'node:net';
import { sql } from 'kysely';
import { createDatabase, pingDatabase } from '../../../src/kernel/db/connect';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { within } from '../../support/wait';

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase();
});

afterAll(async () => {
  await testDb?.drop();
});

test('the test database comes migrated from the template', async () => {
  const { rows } = await testDb.pool.query("SELECT to_regclass('schema_migrations') AS t");
  expect(rows[0].t).toBe('schema_migrations');
});

test('pingDatabase is true for a live server', async () => {
  expect(await pingDatabase(testDb.db)).toBe(true);
});

test('pingDatabase is false, quickly, when nothing answers', async () => {
  // Accepts TCP but never speaks the protocol: the case a plain "connection refused" does not cover.
  const silent: Server = createServer(() => {});
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as { port: number };
  const { db, close } = createDatabase(`postgres://postgres@127.0.0.1:${port}/x`, { connectionTimeoutMs: 1000 });
  try {
    const started = Date.now();
    expect(await pingDatabase(db, 300)).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
  } finally {
    silent.close();
    await close().catch(() => {});
  }
});

test('a query fails within the connection timeout when the server is unreachable', async () => {
  const { db, close } = createDatabase('postgres://postgres@127.0.0.1:1/x', { connectionTimeoutMs: 1000 });
  try {
    await expect(sql`select 1`.execute(db)).rejects.toThrow(/ECONNREFUSED|timeout/);
  } finally {
    await close();
  }
});

test('statement_timeout comes from the options', async () => {
  const { db, close } = createDatabase(testDb.url, { statementTimeoutMs: 100 });
  try {
    await expect(sql`select pg_sleep(1)`.execute(db)).rejects.toThrow(/statement timeout/);
  } finally {
    await close();
  }
});

test('an idle connection killed by the server is logged, not fatal, and the pool recovers', async () => {
  const logs: string[] = [];
  let logged!: () => void;
  const firstLog = new Promise<void>((resolve) => {
    logged = resolve;
  });
  const { db, pool, close } = createDatabase(testDb.url, {
    max: 1,
    log: (message) => {
      logs.push(message);
      logged();
    },
  });
  try {
    const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await testDb.pool.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
    await within(firstLog, 5_000, 'the pool to log the lost idle connection');
    expect(logs.join('\n')).toMatch(/idle connection lost/);
    expect(await pingDatabase(db)).toBe(true);
  } finally {
    await close();
  }
});
