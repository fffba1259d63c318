import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFromEnv } from '../../src/cli/run';
import { createLogger } from '../../src/kernel/log';

/** `npm start` as a first try runs it (no Slack credentials, no CONFIG_FILE), on free ports and a fresh DATA_DIR. */
export const startSandbox = (databaseUrl: string, env: NodeJS.ProcessEnv = {}) =>
  runFromEnv(
    {
      DATABASE_URL: databaseUrl,
      PORT: '0',
      ADMIN_PORT: '0',
      EMULATOR_PORT: '0',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'fb-sandbox-')),
      ...env,
    },
    createLogger('silent'),
  );
