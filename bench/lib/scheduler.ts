import { performance } from 'node:perf_hooks';
import { SlackEmulator } from '@firebreak/slack-emulator';
import { type Kysely, sql } from 'kysely';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import { createDatabase, type Database } from '../../src/kernel/db/connect';
import type { DB } from '../../src/kernel/db/schema';
import { createLogger } from '../../src/kernel/log';
import { type Firebreak, start } from '../../src/main';
import { benchDatabase } from './database';
import { type LatencySummary, summarize } from './maths';
import { sleep } from './part';
import { benchChannelId, checkReminderPosts, claimScanLines, dueOffsetMs, isReminderPost } from './scheduler-math';
import { BOT_TOKEN, SIGNING_SECRET } from './stack';

/**
 * The reminder scheduler (keep part), on its own database and emulator so nothing
 * else shares its rows or its clock. The bot runs in this process here: the tick is
 * called directly and nothing of it is measured from outside.
 *
 * A. Cost of a tick with nothing due at `small` and then `large` open incidents
 *    (each with an update nudge and a stakeholder digest reminder, seeded in
 *    SQL), same database, ANALYZEd after each seeding; plus EXPLAIN ANALYZE of
 *    the claim, whose buffer count does not care about a noisy machine.
 * B. `large` update nudges falling due over `dueWindowMs`, claimed by the real
 *    path: Firebreak's own cron-driven Scheduler on `replicas` instances. Claim
 *    lateness = reminders.last_fired_at - due time. Emulated time is real time plus
 *    a fixed offset (bot clock and emulator clock alike), so it measures real
 *    throughput. Delivery then goes at the pace Slack's limits allow: it is watched
 *    for `deliveryWatchMs` and reported apart.
 */

const DAY = 24 * 3600_000;
/** Emulated time starts this long before the first reminder is due. */
const LEAD_MS = 1000;

export interface SchedulerBenchOptions {
  small: number;
  large: number;
  ticks: number;
  warmupTicks: number;
  dueWindowMs: number;
  replicas: number;
  tickMs: number;
  /** Give up waiting for the claims this long (emulated = real) after the last reminder fell due. */
  timeoutMs: number;
  deliveryWatchMs: number;
  progress: (msg: string) => void;
  /** Registers a cleanup (run in reverse order at exit). */
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
  /** Claimed (fired) minus due; never claimed counts as claimed when the run ended (a lower bound). */
  claimLateness: LatencySummary;
  /** Last due time → every nudge claimed (NaN if they were not). */
  claimedAllAfterMs: number;
  /** What reached Slack while delivery was watched: posts, first post minus due, rate. */
  delivery: {
    posted: number;
    duplicates: number;
    /** Bot posts in the seeded channels without reminder metadata (must be 0). */
    unmarked: number;
    lateness: LatencySummary;
    postsPerSec: number;
    watchedMs: number;
  };
  /** reminders rows (update_nudge) by total_fired. */
  rows: { once: number; never: number; more: number; otherKindsFired: number };
  warnings: string[];
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

const median = (xs: readonly number[]) => summarize(xs).p50;

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
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
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
    slack: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: emulator.apiUrl },
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
  warnings.length = 0;
  const callsBefore = ws.calls.length;
  const reader = createDatabase(databaseUrl, { max: 1 });
  // From here on the replicas' clocks (and the emulator's) read base - LEAD_MS and run at real speed.
  clock.offsetMs = base - LEAD_MS - Date.now();
  const lastDue = base + o.dueWindowMs;
  const deadline = lastDue + o.timeoutMs;
  let timedOut = false;
  let claimedAt = Number.NaN;
  try {
    for (;;) {
      await sleep(200);
      const now = clock.now().getTime();
      if ((await firedCount(reader)) >= o.large) {
        claimedAt = now;
        break;
      }
      if (now > deadline) {
        timedOut = true;
        break;
      }
    }
    // Delivery goes on at the pace Slack's limits allow; it is watched a while, not waited for.
    await sleep(o.deliveryWatchMs);
    for (const r of replicas) await r.stop();
    const claims = await claimTimes(reader);
    const claimLateness = [];
    for (let n = 1; n <= o.large; n++) {
      const fired = claims.get(n);
      const due = base + dueOffsetMs(n, o.large, o.dueWindowMs);
      // Never claimed (a timed-out run): at least as late as the run's end, a lower bound.
      claimLateness.push((fired ?? clock.now().getTime()) - due);
    }
    let unmarked = 0;
    const posts = checkReminderPosts(
      o.large,
      (n) => {
        const bot = ws.messagesIn(benchChannelId(n)).filter((m) => m.user === ws.botUserId);
        const marked = bot.filter((m) => isReminderPost(m.metadata));
        unmarked += bot.length - marked.length;
        return marked.map((m) => m.ts);
      },
      (n) => base + dueOffsetMs(n, o.large, o.dueWindowMs),
    );
    const postTimes = ws.calls
      .slice(callsBefore)
      .filter((c) => c.method === 'chat.postMessage' && c.ok)
      .map((c) => c.at);
    const spanMs = postTimes.length ? Math.max(...postTimes) - Math.min(...postTimes) : 0;
    return {
      reminders: o.large,
      replicas: o.replicas,
      tickMs: o.tickMs,
      dueWindowMs: o.dueWindowMs,
      claimLateness: summarize(claimLateness),
      claimedAllAfterMs: claimedAt - lastDue,
      delivery: {
        posted: posts.posted,
        duplicates: posts.duplicates,
        unmarked,
        lateness: summarize(posts.latenessMs),
        postsPerSec: spanMs > 0 ? (posts.posted * 1000) / spanMs : Number.NaN,
        watchedMs: o.deliveryWatchMs,
      },
      rows: await countRows(reader),
      warnings: warnings.slice(0, 5),
      timedOut,
    };
  } finally {
    await reader.close();
  }
}

async function firedCount(database: Database): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from reminders where kind = 'update_nudge' and total_fired > 0`.execute(database.db);
  return Number(rows[0].n);
}

/** When each seeded incident's update nudge was claimed and fired (emulated epoch ms), by incident number. */
async function claimTimes(database: Database): Promise<Map<number, number>> {
  const { rows } = await sql<{ number: number; fired: Date }>`
    select i.number, r.last_fired_at as fired from reminders r join incidents i on i.id = r.incident_id
    where r.kind = 'update_nudge' and r.last_fired_at is not null`.execute(database.db);
  return new Map(rows.map((r) => [r.number, r.fired.getTime()]));
}

async function countRows(database: Database): Promise<LatenessReport['rows']> {
  const { rows } = await sql<{ once: string; never: string; more: string; other: string }>`
    select count(*) filter (where kind = 'update_nudge' and total_fired = 1) as once,
           count(*) filter (where kind = 'update_nudge' and total_fired = 0) as never,
           count(*) filter (where kind = 'update_nudge' and total_fired > 1) as more,
           count(*) filter (where kind <> 'update_nudge' and total_fired > 0) as other
    from reminders`.execute(database.db);
  const r = rows[0];
  return { once: Number(r.once), never: Number(r.never), more: Number(r.more), otherKindsFired: Number(r.other) };
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let p: Promise<void> | undefined;
  return () => {
    p ??= fn();
    return p;
  };
}
