import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/kernel/db/embedded';
import { defaultMigrationsDir, migrate } from '../../src/kernel/db/migrate';
import { ADMIN_URL_ENV, RUN_ID_ENV, redact, TEMPLATE_ENV, withAdmin, withDatabase } from './database';
import globalTeardown, { STATE_KEY, type TestServerState } from './global-teardown';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

export default async function globalSetup(): Promise<void> {
  const log = (msg: string) => process.stderr.write(`[test-db] ${msg}\n`);
  const runId = randomBytes(3).toString('hex');
  const state: TestServerState = { adminUrl: process.env.TEST_DATABASE_URL ?? '', runId };
  (globalThis as Record<string, unknown>)[STATE_KEY] = state;

  if (!state.adminUrl) {
    await removeStaleDataDirs(log);
    state.dataDir = path.join(REPO_ROOT, '.tmp', `test-pg-${process.pid}`);
    const started = Date.now();
    state.embedded = await startEmbeddedPostgres({ dataDir: state.dataDir, database: 'postgres' });
    state.adminUrl = state.embedded.url;
    log(
      `embedded PostgreSQL on port ${state.embedded.port} (${Date.now() - started} ms); set TEST_DATABASE_URL to use another server`,
    );
  } else {
    log(`using TEST_DATABASE_URL ${redact(state.adminUrl)}`);
  }

  const template = `fb_tpl_${runId}`;
  try {
    await withAdmin(state.adminUrl, (admin) => admin.query(`CREATE DATABASE ${admin.escapeIdentifier(template)}`));
    const dir = defaultMigrationsDir();
    if (existsSync(dir)) {
      await migrate(withDatabase(state.adminUrl, template), { dir });
    } else {
      log(`no ${dir}: the template database has no schema`);
    }
    // Nothing may sit connected to a template while tests copy it.
    await withAdmin(state.adminUrl, (admin) =>
      admin.query(`ALTER DATABASE ${admin.escapeIdentifier(template)} WITH ALLOW_CONNECTIONS false`),
    );
  } catch (err) {
    // globalTeardown does not run when globalSetup fails.
    await globalTeardown().catch(() => {});
    throw err;
  }

  process.env[ADMIN_URL_ENV] = state.adminUrl;
  process.env[TEMPLATE_ENV] = template;
  process.env[RUN_ID_ENV] = runId;
}

/** Data dirs of runs that were killed before their teardown: their jest process is gone. */
async function removeStaleDataDirs(log: (msg: string) => void): Promise<void> {
  const tmp = path.join(REPO_ROOT, '.tmp');
  const entries = await readdir(tmp).catch(() => [] as string[]);
  for (const entry of entries) {
    const match = /^test-pg-(\d+)$/.exec(entry);
    if (!match || isAlive(Number(match[1]))) continue;
    const dir = path.join(tmp, entry);
    const postmaster = await readFile(path.join(dir, 'postmaster.pid'), 'utf8').catch(() => '');
    if (postmaster && isAlive(Number(postmaster.split('\n')[0]))) continue; // an orphaned server still uses it
    log(`removing stale ${dir}`);
    await rm(dir, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
