import { rm } from 'node:fs/promises';
import type { EmbeddedPostgres } from '../../src/kernel/db/embedded';
import { dropDatabases, withAdmin } from './database';

/** What globalTeardown needs from globalSetup; jest runs both in one process, so a global carries it. */
export interface TestServerState {
  adminUrl: string;
  runId: string;
  embedded?: EmbeddedPostgres;
  dataDir?: string;
}
export const STATE_KEY = '__firebreakTestServer';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>)[STATE_KEY] as TestServerState | undefined;
  if (!state) return;
  delete (globalThis as Record<string, unknown>)[STATE_KEY];
  try {
    // An embedded server is deleted whole; a shared one keeps other runs' databases, so drop only ours.
    if (!state.embedded && state.adminUrl) {
      const names = await withAdmin(state.adminUrl, async (admin) => {
        const { rows } = await admin.query<{ datname: string }>(
          `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
          [`fb\\_t\\_${state.runId}\\_%`, `fb_tpl_${state.runId}`],
        );
        return rows.map((r) => r.datname);
      });
      await dropDatabases(state.adminUrl, names);
    }
  } finally {
    await state.embedded?.stop();
    if (state.dataDir) await rm(state.dataDir, { recursive: true, force: true });
  }
}
