import { runningEmbeddedUrl, startEmbeddedPostgres } from '../kernel/db/embedded';

/**
 * For command-line tools: DATABASE_URL, else the embedded server `npm start`
 * keeps under DATA_DIR (connecting to it when it runs, starting it briefly when not).
 */
export async function databaseFromEnv(env: NodeJS.ProcessEnv): Promise<{ url: string; stop: () => Promise<void> }> {
  const url = env.DATABASE_URL?.trim();
  if (url) return { url, stop: async () => {} };
  const dataDir = `${env.DATA_DIR?.trim() || './data'}/postgres`;
  const running = await runningEmbeddedUrl(dataDir);
  if (running) return { url: running, stop: async () => {} };
  const pg = await startEmbeddedPostgres({ dataDir });
  return { url: pg.url, stop: () => pg.stop() };
}
