import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from './schema';

export interface DatabaseOptions {
  /** Pool size. Default 10. */
  max?: number;
  /** Server-side limit per statement; 0 disables. Default 30 s. */
  statementTimeoutMs?: number;
  /** How long to wait for a connection (new or from the pool) before failing. Default 5 s. */
  connectionTimeoutMs?: number;
  /** Receives connection errors that have no caller to reject, e.g. PostgreSQL restarting under an idle pool. */
  log?: (msg: string) => void;
}

export interface Database {
  db: Kysely<DB>;
  pool: pg.Pool;
  close(): Promise<void>;
}

const DATE_OID = 1082;

// A calendar date (a follow-up's due day) has no time zone; pg's default turns it
// into a Date at local midnight, which shifts it a day for anyone west of UTC.
const typeParser = ((oid: number, format?: 'text' | 'binary') =>
  oid === DATE_OID
    ? (value: string) => value
    : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser;

export function createDatabase(url: string, opts: DatabaseOptions = {}): Database {
  const log = opts.log ?? ((msg: string) => console.error(msg));
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    // Without this pg waits for the OS TCP timeout (minutes) when the server is unreachable.
    connectionTimeoutMillis: opts.connectionTimeoutMs ?? 5000,
    statement_timeout: opts.statementTimeoutMs ?? 30_000,
    application_name: 'firebreak',
    keepAlive: true,
    types: { getTypeParser: typeParser },
  });
  let closing: Promise<void> | undefined;
  // An idle client's socket error is emitted on the pool; unhandled, it would kill the process.
  // pg has already discarded that client, so the next query simply opens a new connection.
  pool.on('error', (err) => {
    if (!closing) log(`database: idle connection lost: ${err.message}`);
  });
  const open = new Set<pg.PoolClient>();
  pool.on('connect', (client) => {
    open.add(client as pg.PoolClient);
    // A checked-out client has no listener of pg-pool's: its socket dying between two queries
    // (a failover, a terminated backend) would otherwise be an unhandled 'error' that kills the
    // process. The failure surfaces as its next query's error, and release() discards it.
    client.on('error', () => undefined);
  });
  pool.on('remove', (client) => open.delete(client as pg.PoolClient));

  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    pool,
    close: () => {
      closing ??= closePool(db, pool, open);
      return closing;
    },
  };
}

// pool.end() resolves before its sockets have closed; waiting for them means
// "closed" also holds for the server (e.g. before DROP DATABASE). Bounded so shutdown never hangs.
async function closePool<T>(db: Kysely<T>, pool: pg.Pool, open: Set<pg.PoolClient>): Promise<void> {
  await db.destroy();
  // Kysely ends the pool only if it ever ran a query; callers may have used the pool directly.
  if (!pool.ending) await pool.end();
  for (const deadline = Date.now() + 2000; open.size > 0 && Date.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** For readiness probes: true when a trivial query succeeds within `timeoutMs`. */
export async function pingDatabase<T>(db: Kysely<T>, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const query = sql`select 1`.execute(db).then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
