import { performance } from 'node:perf_hooks';
import { SlackEmulator } from '@firebreak/slack-emulator';
import { type Kysely, sql } from 'kysely';
import { DEFAULT_POLICY } from '../src/domain/policy';
import type { ReminderDeps } from '../src/features/updates/reminders';
import { createDatabase } from '../src/kernel/db/connect';
import type { DB } from '../src/kernel/db/schema';
import { createLogger } from '../src/kernel/log';
import { type Firebreak, start } from '../src/main';
import { benchDatabase } from './database';
import { type LatencySummary, summarize } from './load';
import {
  benchChannelId,
  checkReminderPosts,
  claimScanLines,
  dueOffsetMs,
  isReminderPost,
  median,
} from './scheduler-math';

/**
 * The reminder scheduler, on its own database and emulator so nothing else of
 * the bench shares its rows or its clock:
 *
 * A. Cost of a tick with nothing due at `small` and then `large` open incidents
 *    (each with an update nudge and a stakeholder digest reminder, seeded in
 *    SQL), same database, ANALYZEd after each seeding; plus EXPLAIN ANALYZE of
 *    the claim, whose buffer count does not care about a noisy machine.
 * B. Lateness of `large` update nudges falling due over `dueWindowMs`, posted by
 *    the real path: Firebreak's own cron-driven Scheduler (one tick per
 *    `tickMs`), fireDueReminders, the outbox, chat.postMessage into the
 *    emulator. Emulated time is real time plus a fixed offset (bot clock and
 *    emulator clock alike), so lateness = post ts - due time measures real
 *    throughput.
 */

const DAY = 24 * 3600_000;
/** Emulated time starts this long before the first reminder is due. */
const LEAD_MS = 1000;

export interface SchedulerBenchOptions {
  botToken: string;
  signingSecret: string;
  small: number;
  large: number;
  ticks: number;
  warmupTicks: number;
  dueWindowMs: number;
  replicas: number;
  tickMs: number;
  /** Give up on the lateness run this long (emulated = real) after the last reminder fell due. */
  timeoutMs: number;
  progress: (msg: string) => void;
  /** Registers a cleanup with the bench (run in reverse order at exit). */
  defer: (what: string, fn: () => Promise<unknown>) => void;
}

export interface TickCost {
  openIncidents: number;
  reminderRows: number;
  ticks: number;
  medianMs: number;
  p90Ms: number;
  /** EXPLAIN (ANALYZE, BUFFERS) of the claim: the line(s) that read `reminders`. */
  scan: string[];
  /** Shared buffers the claim touched (hit + read), from the same EXPLAIN. */
  buffers: number | null;
  claimExecMs: number | null;
}

export interface LatenessReport {
  reminders: number;
  replicas: number;
  tickMs: number;
  dueWindowMs: number;
  /** Unposted reminders (a timed-out run) count as posted when the run ended: then a lower bound. */
  lateness: LatencySummary;
  posted: number;
  duplicates: number;
  missing: number;
  /** Bot posts in the seeded channels without reminder metadata (must be 0). */
  unmarked: number;
  /** reminders rows (update_nudge) by total_fired, and rows still holding a claim. */
  rows: { once: number; never: number; more: number; claimed: number; otherKindsFired: number };
  /** Window open → last post (ms), and posts per second over that time. */
  drainMs: number;
  postsPerSec: number;
  ticks: { count: number; failed: number; postedMedian: number; postedMax: number; msMedian: number; msMax: number };
  /** Awaited time per step, ms per posted reminder (load = one facts query per batch, record = one settle per batch). */
  perReminderMs: Record<string, number> | null;
  /** Event-loop utilisation and CPU of this process (bot replicas + emulator) during the run. */
  mainThreadBusy: number;
  processCpu: number;
  warnings: string[];
  /** node-cron's console warnings: beats skipped because a tick still ran, beats missed because the loop was busy. */
  cronWarnings: { overlap: number; missed: number; other: number };
  timedOut: boolean;
}

export interface SchedulerReport {
  database: string;
  small: TickCost;
  large: TickCost;
  ratio: number;
  /** Median ms of `select 1` and of a one-row autocommit UPDATE (a commit: WAL flush): the floor under each step of a tick. */
  roundTrip: { selectMs: number; commitMs: number };
  lateness: LatenessReport;
}

interface Clock {
  offsetMs: number;
  now(): Date;
}

export async function measureScheduler(o: SchedulerBenchOptions): Promise<SchedulerReport> {
  if (o.small >= o.large) throw new Error(`scheduler bench: small (${o.small}) must be below large (${o.large})`);
  const database = await benchDatabase();
  o.defer('the scheduler database', database.cleanup);

  const clock: Clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };
  const emulator = new SlackEmulator({
    botToken: o.botToken,
    signingSecret: o.signingSecret,
    now: () => clock.now().getTime(),
  });
  await emulator.start();
  o.defer('the scheduler emulator', () => emulator.stop());
  const ws = emulator.workspace;

  // Far enough ahead that phase A's "now" (real time) sees nothing due.
  const base = Date.now() + 365 * DAY;
  const seed: Seed = { base: new Date(base), far: new Date(base + 365 * DAY), windowMs: o.dueWindowMs, count: o.large };
  for (let n = 1; n <= o.large; n++) {
    ws.addChannel({ id: benchChannelId(n), name: `inc-sched-${n}`, members: ['UALICE', ws.botUserId] }, 'UALICE');
  }

  const warnings: string[] = [];
  const botOptions = (scheduler: boolean) => ({
    databaseUrl: database.url,
    slack: { botToken: o.botToken, signingSecret: o.signingSecret, apiUrl: emulator.apiUrl },
    port: 0,
    policy: { ...DEFAULT_POLICY, schedulerTick: o.tickMs },
    clock,
    scheduler,
    log: createLogger('warn', (line) => warnings.push(line)),
  });
  const startBot = async (scheduler: boolean, what: string) => {
    const bot = await start(botOptions(scheduler));
    const stop = once(() => bot.stop());
    o.defer(what, stop);
    return { bot, stop };
  };

  // --- A. tick cost -------------------------------------------------------------
  const a = await startBot(false, 'the scheduler bench bot');
  const db = a.bot.database.db;
  o.progress(`scheduler: seeding ${o.small} open incidents (2 reminders each)…`);
  await seedIncidents(db, 1, o.small, seed);
  o.progress(`scheduler: ${o.warmupTicks} + ${o.ticks} ticks with nothing due at ${o.small} open incidents…`);
  const small = await tickCost(a.bot, o);
  o.progress(`scheduler: seeding ${o.large - o.small} more…`);
  await seedIncidents(db, o.small + 1, o.large, seed);
  o.progress(`scheduler: ${o.warmupTicks} + ${o.ticks} ticks with nothing due at ${o.large} open incidents…`);
  const large = await tickCost(a.bot, o);
  const roundTrip = await roundTrips(db, o.ticks);
  await a.stop();

  // --- B. lateness ----------------------------------------------------------------
  o.progress(
    `scheduler: ${o.large} update nudges due over ${o.dueWindowMs / 1000} s, ${o.replicas} replica(s) ticking every ${o.tickMs} ms…`,
  );
  const lateness = await measureLateness(o, ws, database.url, clock, base, warnings, (i) =>
    startBot(true, `scheduler replica ${i + 1}`),
  );
  return { database: database.label, small, large, ratio: large.medianMs / small.medianMs, roundTrip, lateness };
}

// --- seeding ------------------------------------------------------------------------

interface Seed {
  /** When the update-nudge window opens (emulated time). */
  base: Date;
  /** Due time of everything that must not fire (digests). */
  far: Date;
  windowMs: number;
  /** How many incidents the window is spread over. */
  count: number;
}

/**
 * Open SEV2 incidents numbered from..to, each with an active update nudge (due in
 * the window, matching next_update_due, so the scheduler's fresh decision agrees
 * and fires) and a stakeholder digest due far in the future.
 */
async function seedIncidents(db: Kysely<DB>, from: number, to: number, s: Seed): Promise<void> {
  const declared = new Date(s.base.getTime() - 3600_000);
  await sql`
    insert into incidents (number, title, severity, status, is_private, commander_id, declared_by, declared_at,
                           channel_id, channel_name, updated_at, next_update_due)
    select n, 'Bench scheduler incident ' || n, 'SEV2', 'investigating', false, 'UALICE', 'UALICE', ${declared}::timestamptz,
           'CB' || lpad(n::text, 8, '0'), 'inc-sched-' || n, ${declared}::timestamptz,
           ${s.base}::timestamptz + ((n - 1)::bigint * ${s.windowMs}::bigint / ${s.count}::bigint) * interval '1 millisecond'
    from generate_series(${from}::int, ${to}::int) as n`.execute(db);
  await sql`
    insert into reminders (incident_id, kind, due_at)
    select i.id, k.kind, case when k.kind = 'update_nudge' then i.next_update_due else ${s.far}::timestamptz end
    from incidents i cross join (values ('update_nudge'), ('stakeholder_digest')) as k(kind)
    where i.number between ${from} and ${to}`.execute(db);
  await sql`select setval('incident_number_seq', ${to})`.execute(db);
  await sql`analyze incidents`.execute(db);
  await sql`analyze reminders`.execute(db);
}

// --- A ------------------------------------------------------------------------------

async function tickCost(bot: Firebreak, o: SchedulerBenchOptions): Promise<TickCost> {
  const now = new Date();
  for (let i = 0; i < o.warmupTicks; i++) await bot.scheduler.tick(now);
  const ms: number[] = [];
  for (let i = 0; i < o.ticks; i++) {
    const t0 = performance.now();
    const posted = await bot.scheduler.tick(now);
    ms.push(performance.now() - t0);
    if (posted !== 0) throw new Error(`scheduler bench: a tick with nothing due posted ${posted}`);
  }
  const counts = await sql<{ incidents: string; reminders: string }>`
    select (select count(*) from incidents where status not in ('resolved', 'closed', 'cancelled')) as incidents,
           (select count(*) from reminders) as reminders`.execute(bot.database.db);
  const plan = await explainClaim(bot, now);
  const s = summarize(ms);
  return {
    openIncidents: Number(counts.rows[0].incidents),
    reminderRows: Number(counts.rows[0].reminders),
    ticks: ms.length,
    medianMs: median(ms),
    p90Ms: s.p90,
    ...plan,
  };
}

async function roundTrips(db: Kysely<DB>, n: number): Promise<SchedulerReport['roundTrip']> {
  const time = async (q: () => Promise<unknown>) => {
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await q();
      ms.push(performance.now() - t0);
    }
    return median(ms);
  };
  const selectMs = await time(() => sql`select 1`.execute(db));
  // Rewrites one digest row unchanged: a real tuple and WAL record, as recording a firing writes.
  const commitMs = await time(() =>
    sql`update reminders set fired_count = fired_count where id = (select min(id) from reminders)`.execute(db),
  );
  return { selectMs, commitMs };
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the claim statement as PgReminderRepository.claimDue
 * sends it (kept in step by hand), in a transaction that is rolled back.
 */
async function explainClaim(bot: Firebreak, now: Date): Promise<Pick<TickCost, 'scan' | 'buffers' | 'claimExecMs'>> {
  const client = await bot.database.pool.connect();
  try {
    await client.query('begin');
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(
      `explain (analyze, buffers, costs off)
       select * from reminders
       where active and due_at <= $1
       order by due_at
       limit $2
       for update skip locked`,
      [now, 200],
    );
    const plan = rows.map((r) => r['QUERY PLAN']);
    // The first Buffers line belongs to the top node (the whole statement); Planning's come later.
    const buf = plan.find((l) => /^\s*Buffers:/.test(l));
    const hit = Number(/hit=(\d+)/.exec(buf ?? '')?.[1] ?? 0);
    const read = Number(/read=(\d+)/.exec(buf ?? '')?.[1] ?? 0);
    const exec = /Execution Time: ([\d.]+) ms/.exec(plan.join('\n'));
    return { scan: claimScanLines(plan), buffers: buf ? hit + read : null, claimExecMs: exec ? Number(exec[1]) : null };
  } finally {
    await client.query('rollback').catch(() => undefined);
    client.release();
  }
}

// --- B ------------------------------------------------------------------------------

type StepStats = Map<string, { calls: number; ms: number }>;

async function measureLateness(
  o: SchedulerBenchOptions,
  ws: SlackEmulator['workspace'],
  databaseUrl: string,
  clock: Clock,
  base: number,
  warnings: string[],
  startReplica: (i: number) => Promise<{ bot: Firebreak; stop: () => Promise<void> }>,
): Promise<LatenessReport> {
  const replicas = [];
  for (let i = 0; i < o.replicas; i++) replicas.push(await startReplica(i));
  const ticks: { ms: number; posted: number }[] = [];
  let failedTicks = 0;
  const steps: StepStats = new Map();
  let instrumented = true;
  for (const r of replicas) {
    const s = r.bot.scheduler;
    const tick = s.tick.bind(s);
    // Scheduler.beat() calls this.tick(): an own property on the instance wraps it without touching src/.
    s.tick = async (now?: Date) => {
      const t0 = performance.now();
      try {
        const posted = await tick(now);
        ticks.push({ ms: performance.now() - t0, posted });
        return posted;
      } catch (e) {
        failedTicks++;
        throw e;
      }
    };
    instrumented = instrumentSteps(s, steps) && instrumented;
  }

  warnings.length = 0;
  // node-cron reports a beat skipped because the previous tick still runs through console.warn (Scheduler passes it no logger).
  const cron = { overlap: 0, missed: 0, other: 0 };
  const consoleWarn = console.warn;
  console.warn = (...args: unknown[]) => {
    const text = args.map(String).join(' ');
    if (text.includes('overlap prevention')) cron.overlap++;
    else if (text.includes('missed execution')) cron.missed++;
    else {
      cron.other++;
      consoleWarn(...args);
    }
  };
  const callsBefore = ws.calls.length;
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  // From here on the replicas' clocks (and the emulator's) read base - LEAD_MS and run at real speed.
  clock.offsetMs = base - LEAD_MS - Date.now();
  const lastDue = base + o.dueWindowMs;
  const deadline = lastDue + o.timeoutMs;
  let scanned = callsBefore;
  let posts = 0;
  let nextReport = base + 10_000;
  let timedOut = false;
  for (;;) {
    await sleep(200);
    for (; scanned < ws.calls.length; scanned++) {
      const c = ws.calls[scanned];
      if (c.method === 'chat.postMessage' && c.ok) posts++;
    }
    const now = clock.now().getTime();
    if (posts >= o.large) break;
    if (now > deadline) {
      timedOut = true;
      break;
    }
    if (now >= nextReport) {
      o.progress(`scheduler: ${posts}/${o.large} posted ${((now - base) / 1000).toFixed(0)} s after the window opened`);
      nextReport += 10_000;
    }
  }
  // Two more ticks: a duplicate post would show up now.
  await sleep(2 * o.tickMs + 200);
  for (const r of replicas) await r.stop();
  console.warn = consoleWarn;
  const elu = performance.eventLoopUtilization(elu0).utilization;
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - wall0;

  let unmarked = 0;
  const check = checkReminderPosts(
    o.large,
    (n) => {
      const bot = ws.messagesIn(benchChannelId(n)).filter((m) => m.user === ws.botUserId);
      const marked = bot.filter((m) => isReminderPost(m.metadata));
      unmarked += bot.length - marked.length;
      return marked.map((m) => m.ts);
    },
    (n) => base + dueOffsetMs(n, o.large, o.dueWindowMs),
    clock.now().getTime(),
  );
  const rows = await countRows(databaseUrl);
  const postTimes = ws.calls
    .slice(callsBefore)
    .filter((c) => c.method === 'chat.postMessage' && c.ok)
    .map((c) => c.at);
  const lastPost = postTimes.length ? Math.max(...postTimes) : base;
  const drainMs = lastPost - base;
  const posted = ticks.reduce((s, t) => s + t.posted, 0);
  const perReminderMs =
    instrumented && posted > 0 ? Object.fromEntries([...steps].map(([k, v]) => [k, v.ms / posted])) : null;
  return {
    reminders: o.large,
    replicas: o.replicas,
    tickMs: o.tickMs,
    dueWindowMs: o.dueWindowMs,
    lateness: summarize(check.latenessMs),
    posted: check.posted,
    duplicates: check.duplicates,
    missing: check.missing,
    unmarked,
    rows,
    drainMs,
    postsPerSec: drainMs > 0 ? (check.posted * 1000) / drainMs : Number.NaN,
    ticks: {
      count: ticks.length,
      failed: failedTicks,
      postedMedian: median(ticks.filter((t) => t.posted > 0).map((t) => t.posted)),
      postedMax: ticks.reduce((m, t) => Math.max(m, t.posted), 0),
      msMedian: median(ticks.filter((t) => t.posted > 0).map((t) => t.ms)),
      msMax: ticks.reduce((m, t) => Math.max(m, t.ms), 0),
    },
    perReminderMs,
    mainThreadBusy: elu,
    processCpu: (cpu.user + cpu.system) / 1000 / wallMs,
    warnings: warnings.slice(0, 5),
    cronWarnings: cron,
    timedOut,
  };
}

async function countRows(url: string): Promise<LatenessReport['rows']> {
  const database = createDatabase(url, { max: 1 });
  const { rows } = await sql<{ once: string; never: string; more: string; claimed: string; other: string }>`
    select count(*) filter (where kind = 'update_nudge' and total_fired = 1) as once,
           count(*) filter (where kind = 'update_nudge' and total_fired = 0) as never,
           count(*) filter (where kind = 'update_nudge' and total_fired > 1) as more,
           count(*) filter (where claim_token is not null) as claimed,
           count(*) filter (where kind <> 'update_nudge' and total_fired > 0) as other
    from reminders`
    .execute(database.db)
    .finally(() => database.close());
  const r = rows[0];
  return {
    once: Number(r.once),
    never: Number(r.never),
    more: Number(r.more),
    claimed: Number(r.claimed),
    otherKindsFired: Number(r.other),
  };
}

/**
 * Times each step of fireDueReminders through the scheduler's (private) deps: the
 * same objects production uses, each transaction's repositories wrapped as it
 * starts. Returns false, and measures nothing, if src/ no longer has them where
 * this expects.
 */
function instrumentSteps(scheduler: Firebreak['scheduler'], steps: StepStats): boolean {
  const deps = (scheduler as unknown as { deps?: ReminderDeps }).deps;
  if (!deps?.uow || !deps.notifier) return false;
  const wrap = (obj: object, name: string, label: string) => {
    const target = obj as Record<string, unknown>;
    const fn = target[name];
    if (typeof fn !== 'function') return;
    const orig = (fn as (...args: unknown[]) => Promise<unknown>).bind(obj);
    target[name] = async (...args: unknown[]) => {
      const t0 = performance.now();
      try {
        return await orig(...args);
      } finally {
        const s = steps.get(label) ?? { calls: 0, ms: 0 };
        s.calls++;
        s.ms += performance.now() - t0;
        steps.set(label, s);
      }
    };
  };
  const uow = deps.uow;
  const transaction = uow.transaction.bind(uow);
  uow.transaction = (fn) =>
    transaction((tx) => {
      wrap(tx.reminders, 'claimDue', 'claim');
      wrap(tx.incidents, 'reminderFacts', 'load');
      wrap(tx.followups, 'getMany', 'load');
      wrap(tx.outbox, 'enqueue', 'enqueue');
      wrap(tx.reminders, 'record', 'record');
      return fn(tx);
    });
  return true;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function once(fn: () => Promise<void>): () => Promise<void> {
  let p: Promise<void> | undefined;
  return () => {
    p ??= fn();
    return p;
  };
}
