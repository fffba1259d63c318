import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SlackEmulator } from '@firebreak/slack-emulator';
import { sql } from 'kysely';
import { createTestDatabase } from '../support/database';
import { freePort } from '../support/free-port';

const repo = join(__dirname, '../..');

function waitForOutput(
  child: ChildProcess,
  pattern: RegExp,
  timeoutMs: number,
  log: string[],
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${log.join('')}`)),
      timeoutMs,
    );
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
  const adminPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATA_DIR: dataDir,
    PORT: String(port),
    ADMIN_PORT: String(adminPort),
    EMULATOR_PORT: '0',
    LOG_LEVEL: 'info',
  };
  const child = spawn('npm', ['start'], { cwd: repo, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  try {
    const [, emulatorUrl] = await waitForOutput(
      child,
      /running against the Slack emulator: (http:\/\/127\.0\.0\.1:\d+)/,
      150_000,
      log,
    );
    expect(log.join('')).toContain('starting an embedded PostgreSQL');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${adminPort}/readyz`)).status).toBe(200);
    const auth = await (await fetch(`${emulatorUrl}/api/auth.test`, { method: 'POST' })).json();
    expect(auth).toMatchObject({ ok: false, error: 'not_authed' });

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    process.kill(-child.pid!, 'SIGTERM');
    expect(await exited).toBe(0);
    // A person reads this terminal: readable lines, none of them JSON, and none of PostgreSQL's own chatter.
    const lines = log
      .join('')
      .split('\n')
      .filter((l) => l.trim());
    expect(lines.filter((l) => l.trimStart().startsWith('{'))).toEqual([]);
    expect(log.join('')).not.toMatch(
      /The files belonging to this database system|database system is ready to accept connections|checkpoint/i,
    );
    expect(log.join('')).toMatch(/\d\d:\d\d:\d\d INFO {2}Firebreak is listening port=\d+/);
    // The embedded server went down with it: nothing is left listening.
    const pgPort = Number(/embedded PostgreSQL is running port=(\d+)/.exec(log.join(''))?.[1]);
    expect(pgPort).toBeGreaterThan(0);
    await expect(fetch(`http://127.0.0.1:${pgPort}/`)).rejects.toThrow();
  } finally {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 180_000);

// The tests below run compiled code; they share this file so that no two builds of dist/ overlap.

test('npm run review prints the document, and says plainly when there is none', async () => {
  const database = await createTestDatabase();
  try {
    const env = { ...process.env, DATABASE_URL: database.url };
    const missing = spawnSync('npm', ['run', '--silent', 'review', '--', 'INC-99999'], {
      cwd: repo,
      env,
      encoding: 'utf8',
    });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('INC-99999 does not exist');
    const bad = spawnSync('npm', ['run', '--silent', 'review', '--', 'hello'], { cwd: repo, env, encoding: 'utf8' });
    expect(bad.stderr).toContain('write it like INC-42');
  } finally {
    await database.drop();
  }
}, 180_000);

/**
 * SIGKILL while Slack calls are in flight: the outbox still owes the declaration's
 * messages and the scheduler holds a claimed reminder. A new process must deliver
 * all of it, and nothing twice, although the killed process's calls reached Slack.
 */
test('a bot killed with undelivered outbox items and claimed reminders delivers everything once after restart', async () => {
  const database = await createTestDatabase();
  const emulator = new SlackEmulator({ botToken: 'xoxb-kill-test', signingSecret: 'kill-test-secret' });
  await emulator.start();
  const dir = mkdtempSync(join(tmpdir(), 'fb-kill-'));
  writeFileSync(join(dir, 'policy.yml'), 'schedulerTick: 1s\n');
  const env = async (): Promise<NodeJS.ProcessEnv> => ({
    PATH: process.env.PATH,
    DATABASE_URL: database.url,
    SLACK_BOT_TOKEN: 'xoxb-kill-test',
    SLACK_SIGNING_SECRET: 'kill-test-secret',
    SLACK_API_URL: emulator.apiUrl,
    CONFIG_FILE: join(dir, 'policy.yml'),
    PORT: String(await freePort()),
    ADMIN_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
  });
  const startBot = async () => {
    const e = await env();
    const child = spawn(process.execPath, ['dist/src/cli/start.js'], {
      cwd: repo,
      env: e,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log: string[] = [];
    child.stdout?.on('data', (c: Buffer) => log.push(c.toString()));
    child.stderr?.on('data', (c: Buffer) => log.push(c.toString()));
    const url = `http://127.0.0.1:${e.PORT}`;
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) =>
        reject(new Error(`bot exited with ${code} before it was healthy:\n${log.join('')}`)),
      ),
    );
    // Settled either way below: a later exit (the kill) must not surface as an unhandled rejection.
    exited.catch(() => {});
    await Promise.race([
      emulator
        .waitFor(async () => (await fetch(`${url}/healthz`).catch(() => undefined))?.ok, 30_000)
        .catch((e: unknown) => {
          throw new Error(`bot did not start: ${String(e)}\n${log.join('')}`);
        }),
      exited,
    ]);
    return { child, eventsUrl: `${url}/slack/events`, log };
  };
  const db = database.db;
  let a: Awaited<ReturnType<typeof startBot>> | undefined;
  let b: Awaited<ReturnType<typeof startBot>> | undefined;
  try {
    expect(spawnSync('npm', ['run', '--silent', 'build'], { cwd: repo, encoding: 'utf8' }).status).toBe(0);
    a = await startBot();
    emulator.botEndpoint = a.eventsUrl;
    const ws = emulator.workspace;

    // Every post hangs for a while (and then still lands, as a slow Slack does).
    emulator.failNext('chat.postMessage', { hangMs: 4000 }, 2);
    await emulator.command({ user: 'UALICE', channel: 'CGENERAL', text: 'declare Killed mid-flight' });
    const view = await emulator.waitFor(() => ws.openViews('UALICE')[0]);
    const submitted = await emulator.submitView({
      user: 'UALICE',
      viewId: view.id,
      values: { title: 'Killed mid-flight', severity: 'SEV1' },
    });
    // The modal shows the channel's link before the channel's set-up (held up by the hanging posts) is done.
    expect(JSON.stringify(submitted.body)).toMatch(
      /"response_action":"update".*INC-\d+ is declared\. Its channel is <#C\w+>/,
    );
    const incident = await db.selectFrom('incidents').selectAll().executeTakeFirstOrThrow();
    // Make the update nudge due now, so the scheduler fires it while posts hang.
    await db
      .updateTable('incidents')
      .set({ next_update_due: new Date(Date.now() - 60_000) })
      .where('id', '=', incident.id)
      .execute();
    await db.updateTable('reminders').set({ due_at: new Date() }).where('kind', '=', 'update_nudge').execute();
    // Fired: its notice is in the outbox, behind the declaration's, both held up by the hanging posts.
    const nudgeOwed = async () =>
      (
        await db
          .selectFrom('outbox')
          .select('id')
          .where('status', '=', 'pending')
          .where(sql<string>`notice->>'type'`, '=', 'reminder_fired')
          .execute()
      ).length;
    await emulator.waitFor(async () => (await nudgeOwed()) > 0, 3_000);
    const nudgeOwedAtKill = await nudgeOwed();
    const pendingAtKill = await db.selectFrom('outbox').select('id').where('status', '=', 'pending').execute();
    a.child.kill('SIGKILL');
    await new Promise((r) => a!.child.once('exit', r));
    expect(nudgeOwedAtKill).toBe(1);
    expect(pendingAtKill.length).toBeGreaterThan(0);

    // The hung calls land after the kill; then the leases run out (made to, rather than waited for).
    const hung = () => ws.calls.filter((c) => c.method === 'chat.postMessage' && c.fault?.hangMs);
    await emulator.waitFor(() => hung().length > 0 && hung().every((c) => c.ok || c.error !== undefined), 10_000);
    await db.updateTable('outbox').set({ due_at: new Date() }).where('status', '=', 'pending').execute();

    b = await startBot();
    emulator.botEndpoint = b.eventsUrl;
    const channel = incident.channel_id!;
    const headers = () =>
      ws.messagesIn(channel).filter((m) => m.text.startsWith(`INC-${incident.number}: Killed mid-flight`));
    const nudges = () => ws.messagesIn(channel).filter((m) => m.text.startsWith(':bell:'));
    const announcements = () => ws.messagesIn('CINCIDENTS').filter((m) => m.text.includes(`*INC-${incident.number}: `));
    await emulator.waitFor(
      () =>
        headers().length >= 1 && nudges().length >= 1 && announcements().length >= 1 && ws.pins.get(channel)?.length,
      20_000,
    );
    // Settled once nothing is owed: a second copy could only come from a pending notice.
    await emulator.waitFor(
      async () => (await db.selectFrom('outbox').select('id').where('status', '=', 'pending').execute()).length === 0,
      20_000,
    );
    expect(headers()).toHaveLength(1);
    expect(nudges()).toHaveLength(1);
    expect(announcements()).toHaveLength(1);
    expect(ws.pins.get(channel)).toHaveLength(1);
    expect(await db.selectFrom('outbox').select('id').where('status', '=', 'pending').execute()).toEqual([]);
  } finally {
    for (const bot of [a, b]) if (bot && bot.child.exitCode === null) bot.child.kill('SIGKILL');
    await emulator.stop();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}, 180_000);
