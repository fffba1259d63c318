import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Running, runFromEnv } from '../../../src/cli/run';
import { createLogger } from '../../../src/kernel/log';
import { createTestDatabase, type TestDatabase } from '../../support/database';

/** Screenshots of the e2e tests: kept as artifacts, never committed. */
export const ARTIFACTS = join(__dirname, '../../../artifacts/sandbox');

/** Fails (never skips) when the browser is missing: CI installs it, so a missing one is a broken setup. */
export function requireBrowser(path: string, aptPackage: string, envVar: string) {
  if (!existsSync(path)) {
    throw new Error(
      `The sandbox e2e tests need ${aptPackage} at ${path} (Debian's package): run \`apt-get install -y --no-install-recommends ${aptPackage}\` (.ci/run does), or set ${envVar}.`,
    );
  }
}

export interface SandboxStack {
  running: Running;
  url: string;
  stop(): Promise<void>;
}

/** The sandbox as `npm start` serves it without Slack credentials, on its own database. */
export async function startSandbox(): Promise<SandboxStack> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const database: TestDatabase = await createTestDatabase();
  const running = await runFromEnv(
    {
      DATABASE_URL: database.url,
      PORT: '0',
      ADMIN_PORT: '0',
      EMULATOR_PORT: '0',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'fb-sandbox-')),
    },
    createLogger('silent'),
  );
  return {
    running,
    url: running.emulator!.url,
    stop: async () => {
      await running.stop();
      await database.drop();
    },
  };
}
