import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

export interface MigrateOptions {
  dir?: string;
  log?: (msg: string) => void;
  /** How long one statement of a migration may wait for a table lock before the migration gives up. */
  lockTimeoutMs?: number;
}

/**
 * A migration's ALTER TABLE queues behind any long transaction on that table, and every
 * query of the running bot then queues behind the ALTER: better to fail the start and say so.
 */
export const DEFAULT_MIGRATION_LOCK_TIMEOUT_MS = 10_000;

// PostgreSQL's lock_not_available: raised when lock_timeout runs out.
const LOCK_NOT_AVAILABLE = '55P03';

export interface MigrationFile {
  version: number;
  name: string;
  file: string;
  sql: string;
  checksum: string;
}

// Arbitrary but fixed: every replica must contend for the same key.
const MIGRATION_LOCK_KEY = '7154238870423169';

const MIGRATION_FILE = /^(\d+)_([A-Za-z0-9_-]+)\.sql$/;

/**
 * The compiled file lives in dist/src/kernel/db, the source in src/kernel/db; both must find
 * <repo>/migrations.
 */
export function defaultMigrationsDir(): string {
  const threeUp = path.resolve(__dirname, '..', '..', '..');
  const root = path.basename(threeUp) === 'dist' ? path.dirname(threeUp) : threeUp;
  return path.join(root, 'migrations');
}

export async function readMigrations(dir: string): Promise<MigrationFile[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (err) {
    throw new Error(`Cannot read migrations directory ${dir}: ${(err as Error).message}`);
  }
  const files: MigrationFile[] = [];
  for (const file of entries.filter((f) => f.endsWith('.sql')).sort()) {
    const match = MIGRATION_FILE.exec(file);
    if (!match) {
      throw new Error(`Migration file ${file} in ${dir} is not named NNNN_name.sql`);
    }
    const sql = await readFile(path.join(dir, file), 'utf8');
    files.push({ version: Number(match[1]), name: match[2], file, sql, checksum: checksumOf(sql) });
  }
  files.sort((a, b) => a.version - b.version);
  files.forEach((current, index) => {
    const prev = files[index - 1];
    if (prev && prev.version === current.version) {
      throw new Error(`Duplicate migration number ${current.version}: ${prev.file} and ${current.file}`);
    }
    if (current.version !== index + 1) {
      const expected = String(index + 1).padStart(4, '0');
      throw new Error(
        `Migration ${current.file} is out of sequence: expected number ${expected} (numbers start at 1 with no gaps)`,
      );
    }
  });
  return files;
}

/**
 * Applies pending migrations from `dir`, each in its own transaction. A session
 * advisory lock held for the whole run makes concurrent callers (replicas
 * starting together) queue up: the later one finds the work already done.
 * Files therefore must not contain BEGIN/COMMIT or CREATE INDEX CONCURRENTLY.
 */
export async function migrate(target: pg.Pool | string, opts: MigrateOptions = {}): Promise<{ applied: string[] }> {
  const dir = opts.dir ?? defaultMigrationsDir();
  const log = opts.log ?? (() => {});
  const lockTimeoutMs = opts.lockTimeoutMs ?? DEFAULT_MIGRATION_LOCK_TIMEOUT_MS;
  const files = await readMigrations(dir);

  const pool = typeof target === 'string' ? undefined : target;
  const client = pool
    ? await pool.connect()
    : new pg.Client({ connectionString: target as string, connectionTimeoutMillis: 10_000 });
  if (!pool) {
    // A dropped connection also rejects the running query; without a listener Node would crash instead.
    client.on('error', (err) => log(`migrate: connection error: ${err.message}`));
    await (client as pg.Client).connect();
  }
  // A connection whose state we are unsure of is destroyed, which also drops its session lock.
  let discard: Error | undefined;
  try {
    // A pool-level statement_timeout must not cut short a long migration or the wait for the lock.
    await client.query('SET statement_timeout = 0');
    await lock(client, log);
    // Only after the advisory lock: waiting for another replica's migrations is not a failure.
    await client.query(`SET lock_timeout = ${Math.max(1, Math.round(lockTimeoutMs))}`);
    const applied = await applyPending(client, files, log, lockTimeoutMs);
    await client.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
    // Session settings would otherwise leak to whoever borrows this connection next.
    await client.query('RESET statement_timeout');
    await client.query('RESET lock_timeout');
    return { applied };
  } catch (err) {
    discard = err as Error;
    throw err;
  } finally {
    if (pool) (client as pg.PoolClient).release(discard ?? false);
    else await (client as pg.Client).end().catch(() => {});
  }
}

async function lock(client: pg.ClientBase, log: (msg: string) => void): Promise<void> {
  const { rows } = await client.query(`SELECT pg_try_advisory_lock(${MIGRATION_LOCK_KEY}) AS ok`);
  if (rows[0].ok) return;
  log('migrate: another process is migrating; waiting for its lock');
  await client.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
}

async function applyPending(
  client: pg.ClientBase,
  files: MigrationFile[],
  log: (msg: string) => void,
  lockTimeoutMs: number,
): Promise<string[]> {
  await client.query(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version int PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  const { rows } = await client.query<{ version: number; name: string; checksum: string }>(
    'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
  );
  const done = new Map(rows.map((r) => [r.version, r]));

  for (const m of files) {
    const row = done.get(m.version);
    if (row && (row.checksum !== m.checksum || row.name !== m.name)) {
      throw new Error(
        `Migration ${m.file} was changed after it was applied (recorded as ${pad(row.version)}_${row.name}.sql, checksum ${row.checksum.slice(0, 12)}…, file now ${m.checksum.slice(0, 12)}…). Add a new migration instead of editing an applied one.`,
      );
    }
  }
  const newest = files.length;
  for (const r of rows) {
    if (r.version > newest) {
      log(
        `migrate: database has migration ${pad(r.version)}_${r.name}.sql that this build does not know (newer build?)`,
      );
    }
  }

  const applied: string[] = [];
  for (const m of files) {
    if (done.has(m.version)) continue;
    const started = Date.now();
    await client.query('BEGIN');
    try {
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        m.checksum,
      ]);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      const e = err as Error & { position?: string; code?: string };
      if (e.code === LOCK_NOT_AVAILABLE) {
        throw new Error(
          `Migration ${m.file} waited ${lockTimeoutMs} ms for a lock another session holds (a long transaction or an idle-in-transaction connection on the tables it changes) and was rolled back; see pg_stat_activity, end that session, then start again`,
          { cause: err },
        );
      }
      const where = e.position ? ` (at character ${e.position})` : '';
      throw new Error(`Migration ${m.file} failed and was rolled back: ${e.message}${where}`, { cause: err });
    }
    applied.push(m.file);
    log(`migrate: applied ${m.file} in ${Date.now() - started} ms`);
  }
  if (applied.length === 0) log(`migrate: up to date (${files.length} migrations)`);
  return applied;
}

// Line endings are normalised so a Windows checkout (autocrlf) does not look like an edit.
function checksumOf(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

function pad(version: number): string {
  return String(version).padStart(4, '0');
}
