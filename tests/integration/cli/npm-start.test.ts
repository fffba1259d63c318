import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repo = join(__dirname, '../../..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number, log: string[]): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${log.join('')}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      log.push(chunk.toString());
      const m = log.join('').match(pattern);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ${pattern}; output:\n${log.join('')}`));
    });
  });
}

/**
 * The README's quick start, as a new user runs it: no DATABASE_URL, no Slack
 * credentials. It must build, start an embedded PostgreSQL and the emulator,
 * serve health checks, and stop cleanly on SIGTERM.
 */
test('npm start works with nothing configured', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fb-start-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'info' };
  const child = spawn('npm', ['start'], { cwd: repo, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  try {
    const [, emulatorUrl] = await waitForOutput(child, /running against the Slack emulator: (http:\/\/127\.0\.0\.1:\d+)/, 150_000, log);
    expect(log.join('')).toContain('starting an embedded PostgreSQL');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    const auth = await (await fetch(`${emulatorUrl}/api/auth.test`, { method: 'POST' })).json();
    expect(auth).toMatchObject({ ok: false, error: 'not_authed' });

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    process.kill(-child.pid!, 'SIGTERM');
    expect(await exited).toBe(0);
    // The embedded server went down with it: nothing is left listening.
    const pgPort = Number(/"embedded PostgreSQL is running","port":(\d+)/.exec(log.join(''))?.[1]);
    expect(pgPort).toBeGreaterThan(0);
    await expect(fetch(`http://127.0.0.1:${pgPort}/`)).rejects.toThrow();
  } finally {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 180_000);
