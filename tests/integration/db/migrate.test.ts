import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDatabase } from '../../../src/kernel/db/connect';
import { defaultMigrationsDir, migrate } from '../../../src/kernel/db/migrate';
import { createTestDatabase, type TestDatabase } from '../../support/database';

let testDb: TestDatabase;
let dir: string;

beforeAll(async () => {
  testDb = await createTestDatabase({ empty: true });
});

afterAll(async () => {
  await testDb?.drop();
});

beforeEach(async () => {
  // One database for the file; each test starts from an empty public schema.
  await testDb.pool.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  dir = await mkdtemp(path.join(os.tmpdir(), 'fb-migrations-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(files: Record<string, string>): Promise<void> {
  for (const [name, sql] of Object.entries(files)) await writeFile(path.join(dir, name), sql);
}

async function recorded(): Promise<Array<{ version: number; name: string }>> {
  const { rows } = await testDb.pool.query('SELECT version, name FROM schema_migrations ORDER BY version');
  return rows;
}

const basic = {
  '0001_create_x.sql': 'CREATE TABLE x (id int PRIMARY KEY);',
  '0002_seed_x.sql': 'INSERT INTO x VALUES (1);',
  // Widens the window in which a second, unlocked runner would collide.
  '0003_create_y.sql': 'SELECT pg_sleep(0.2); CREATE TABLE y (id int);',
};

test('applies files in order, records them, and a second run does nothing', async () => {
  await write(basic);
  const logs: string[] = [];
  const first = await migrate(testDb.url, { dir, log: (m) => logs.push(m) });
  expect(first.applied).toEqual(['0001_create_x.sql', '0002_seed_x.sql', '0003_create_y.sql']);
  expect(await recorded()).toEqual([
    { version: 1, name: 'create_x' },
    { version: 2, name: 'seed_x' },
    { version: 3, name: 'create_y' },
  ]);
  expect(logs.some((l) => l.includes('applied 0002_seed_x.sql'))).toBe(true);

  const second = await migrate(testDb.pool, { dir });
  expect(second.applied).toEqual([]);
  expect((await testDb.pool.query('SELECT count(*)::int AS n FROM x')).rows[0].n).toBe(1);
});

test('applies only the new file when one is added', async () => {
  await write({ '0001_create_x.sql': basic['0001_create_x.sql'] });
  await migrate(testDb.pool, { dir });
  await write({ '0002_seed_x.sql': basic['0002_seed_x.sql'] });
  expect((await migrate(testDb.pool, { dir })).applied).toEqual(['0002_seed_x.sql']);
});

test('two concurrent runs on a fresh database apply each file exactly once', async () => {
  await write(basic);
  const logs: string[] = [];
  const [a, b] = await Promise.all([
    migrate(testDb.url, { dir, log: (m) => logs.push(m) }),
    migrate(testDb.url, { dir, log: (m) => logs.push(m) }),
  ]);
  // Whichever got the lock did all the work; the other waited and found nothing to do.
  expect([...a.applied, ...b.applied].sort()).toEqual(Object.keys(basic));
  expect([a.applied.length, b.applied.length].sort()).toEqual([0, 3]);
  expect(logs.some((l) => l.includes('waiting for its lock'))).toBe(true);
  expect((await recorded()).map((r) => r.version)).toEqual([1, 2, 3]);
  expect((await testDb.pool.query('SELECT count(*)::int AS n FROM x')).rows[0].n).toBe(1);
});

test('refuses an applied file whose content changed, naming it', async () => {
  await write(basic);
  await migrate(testDb.pool, { dir });
  await write({ '0002_seed_x.sql': 'INSERT INTO x VALUES (2);' });
  await expect(migrate(testDb.pool, { dir })).rejects.toThrow(/0002_seed_x\.sql was changed after it was applied/);
});

test('ignores a change of line endings only', async () => {
  await write({ '0001_create_x.sql': 'CREATE TABLE x (id int);\nCREATE TABLE z (id int);\n' });
  await migrate(testDb.pool, { dir });
  await write({ '0001_create_x.sql': 'CREATE TABLE x (id int);\r\nCREATE TABLE z (id int);\r\n' });
  expect((await migrate(testDb.pool, { dir })).applied).toEqual([]);
});

test('refuses a gap or a duplicate number before touching the database', async () => {
  await write({ '0001_a.sql': 'CREATE TABLE a (id int);', '0003_c.sql': 'CREATE TABLE c (id int);' });
  await expect(migrate(testDb.pool, { dir })).rejects.toThrow(/0003_c\.sql is out of sequence/);

  await write({ '0002_b.sql': 'SELECT 1;', '0002_bb.sql': 'SELECT 1;' });
  await expect(migrate(testDb.pool, { dir })).rejects.toThrow(
    /Duplicate migration number 2: 0002_b\.sql and 0002_bb\.sql/,
  );

  const { rows } = await testDb.pool.query("SELECT to_regclass('schema_migrations') AS t");
  expect(rows[0].t).toBeNull();
});

test('refuses a .sql file that is not named NNNN_name.sql', async () => {
  await write({ '0001_a.sql': 'SELECT 1;', 'extra.sql': 'SELECT 1;' });
  await expect(migrate(testDb.pool, { dir })).rejects.toThrow(/extra\.sql .*not named NNNN_name\.sql/);
});

test('a failing file is rolled back whole, named in the error, and releases the lock', async () => {
  await write({
    '0001_create_x.sql': basic['0001_create_x.sql'],
    '0002_broken.sql': 'CREATE TABLE half (id int);\nINSERT INTO nowhere VALUES (1);',
  });
  await expect(migrate(testDb.pool, { dir })).rejects.toThrow(
    /Migration 0002_broken\.sql failed and was rolled back: relation "nowhere" does not exist/,
  );
  expect((await recorded()).map((r) => r.version)).toEqual([1]);
  expect((await testDb.pool.query("SELECT to_regclass('half') AS t")).rows[0].t).toBeNull();

  await write({ '0002_broken.sql': 'CREATE TABLE half (id int);' });
  // Would hang on the advisory lock if the failed run had kept it.
  expect((await migrate(testDb.url, { dir })).applied).toEqual(['0002_broken.sql']);
});

test('returns a pooled connection with its own statement_timeout restored', async () => {
  // One connection, so the query below runs on the very client migrate() borrowed.
  const { pool, close } = createDatabase(testDb.url, { max: 1, statementTimeoutMs: 1234 });
  try {
    await write(basic);
    await migrate(pool, { dir });
    const { rows } = await pool.query(
      "SELECT current_setting('statement_timeout') AS t, current_setting('lock_timeout') AS l",
    );
    expect(rows[0]).toEqual({ t: '1234ms', l: '0' });
  } finally {
    await close();
  }
});

test('a migration waiting on a lock another session holds fails after the lock timeout, naming the file, and applies once the lock is gone', async () => {
  await write({ '0001_create_x.sql': basic['0001_create_x.sql'] });
  await migrate(testDb.pool, { dir });
  await write({ '0002_alter_x.sql': 'ALTER TABLE x ADD COLUMN note text;' });

  // A session sitting in a transaction that read x: ALTER TABLE needs it gone.
  const holder = await testDb.pool.connect();
  try {
    await holder.query('BEGIN');
    await holder.query('SELECT * FROM x');
    const started = Date.now();
    const bound = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('migrate still waiting after 10 s')), 10_000).unref(),
    );
    await expect(Promise.race([migrate(testDb.url, { dir, lockTimeoutMs: 300 }), bound])).rejects.toThrow(
      /^Migration 0002_alter_x\.sql waited 300 ms for a lock another session holds .* and was rolled back/,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect((await recorded()).map((r) => r.version)).toEqual([1]);
  } finally {
    await holder.query('ROLLBACK');
    holder.release();
  }
  // The failed run released the advisory lock, so this one does not wait for it.
  expect((await migrate(testDb.url, { dir, lockTimeoutMs: 300 })).applied).toEqual(['0002_alter_x.sql']);
});

test("a run waiting for another run's advisory lock is not cut short by the lock timeout", async () => {
  await write({ '0001_slow.sql': 'SELECT pg_sleep(0.6); CREATE TABLE x (id int);' });
  const logs: string[] = [];
  const [a, b] = await Promise.all([
    migrate(testDb.url, { dir, lockTimeoutMs: 100, log: (m) => logs.push(m) }),
    migrate(testDb.url, { dir, lockTimeoutMs: 100, log: (m) => logs.push(m) }),
  ]);
  expect([...a.applied, ...b.applied]).toEqual(['0001_slow.sql']);
  expect(logs.some((l) => l.includes('waiting for its lock'))).toBe(true);
});

const realDir = defaultMigrationsDir();
test('the repository migrations apply cleanly and match the test template', async () => {
  const files = (await readdir(realDir)).filter((f) => f.endsWith('.sql')).sort();
  const first = await migrate(testDb.url);
  expect(first.applied).toEqual(files);
  expect((await migrate(testDb.url)).applied).toEqual([]);

  const template = await createTestDatabase();
  try {
    const { rows } = await template.pool.query('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows[0].n).toBe(files.length);
  } finally {
    await template.drop();
  }
});
