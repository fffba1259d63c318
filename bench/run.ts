import os from 'node:os';
import { benchDatabase } from './database';
import { type DeclareSample, declareOnce, timeDeclarations } from './declare-timing';
import { envNumber } from './env';
import { type IngestReport, measureIngest } from './ingest';
import { summarize } from './load';
import { LoadGenerator } from './load-generator';
import type { MixedReport } from './mixed';
import { mixedLoadInChild } from './mixed-child';
import { mixedGoals, mixedLines } from './mixed-report';
import { type ReviewGenerationResult, reviewGenerationInChild } from './review-child';
import { measureScheduler, type SchedulerReport } from './scheduler';
import { schedulerConfig } from './scheduler-config';
import { BOT_TOKEN, SIGNING_SECRET, startBenchStack } from './stack';
import { benchStats, GOAL_STATS_MS, type StatsBenchResult } from './stats';
import { measureStatusAck, STATUS_SECONDS, type TargetResult } from './status-ack';

/**
 * `npm run bench`: ack latency of `/incident status` (Firebreak vs a bare Bolt app)
 * under open-loop load, declare-to-announcement time, review generation for a
 * long timeline, message-event ingest throughput, and the reminder scheduler
 * (tick cost with many open incidents, lateness of a burst of due reminders),
 * and a mixed load of events and commands with the outbox draining behind it,
 * clean and with 429s (BENCH_SKIP_LOAD=1 leaves that part out), in one run. Prints a
 * table and a `BENCH_JSON {...}` line. Exit 0 even when a goal fails (this is a
 * measurement); non-zero only when the bench itself broke.
 */

const USER = 'UALICE';
const ANNOUNCEMENTS = 'CINCIDENTS';
const REQUEST_TIMEOUT_MS = 5000;
const GOAL_RATIO = 1.25;
const GOAL_P99_MS = 50;
const REVIEW_ENTRIES = 10_000;
const GOAL_REVIEW_MS = 250;
const GOAL_REVIEW_HEAP_MB = 50;
const GOAL_INGEST_SHARE = 0.5;
const GOAL_TICK_RATIO = 1.5;
const GOAL_LATENESS_P99_MS = 5000;
const GOAL_DRAIN_MS = 5000;

const cfg = {
  seconds: envNumber('BENCH_SECONDS', STATUS_SECONDS),
  rate: envNumber('BENCH_RATE', 100),
  warmupSeconds: envNumber('BENCH_WARMUP_SECONDS', 3),
  declares: Math.round(envNumber('BENCH_DECLARES', 20)),
  ingestSeconds: envNumber('BENCH_INGEST_SECONDS', 10),
  ingestConcurrency: Math.round(envNumber('BENCH_INGEST_CONCURRENCY', 16)),
  scheduler: schedulerConfig(),
  /**
   * Part 7, mixed load (bench/mixed.ts, run by mixed-main.js in a child process that reads
   * the same variables): BENCH_LOAD_SECONDS (60) of Firebreak per run, clean then with 429s,
   * bare Bolt half as long before and after the clean one; BENCH_LOAD_RATE (100) req/s;
   * BENCH_LOAD_INCIDENTS (10) incident channels per run; BENCH_LOAD_FAULT_RATE (0.1) of Web API
   * calls answered 429; BENCH_LOAD_DRAIN_TIMEOUT_SECONDS (120). BENCH_SKIP_LOAD=1 leaves the part out.
   */
  load: { skip: process.env.BENCH_SKIP_LOAD === '1' },
};

// Stopped in reverse order on exit, also on Ctrl-C, so no database or server is left behind.
const cleanups: { what: string; fn: () => Promise<unknown> }[] = [];
async function cleanUp(): Promise<void> {
  for (const c of cleanups.splice(0).reverse()) {
    await c.fn().catch((e: unknown) => process.stderr.write(`bench: cleanup of ${c.what} failed: ${String(e)}\n`));
  }
}

const progress = (msg: string) => process.stderr.write(`bench: ${msg}\n`);

async function main(): Promise<void> {
  const loadBefore = os.loadavg()[0];
  // First, while nothing else of the bench is running yet to compete for the CPU.
  progress(`review generation for ${REVIEW_ENTRIES} timeline entries (child process)…`);
  const review = await reviewGenerationInChild(REVIEW_ENTRIES);
  progress(`database…`);
  const { database, emulator, bot, bare } = await startBenchStack(cleanups);

  const load = new LoadGenerator();
  cleanups.push({ what: 'the load worker', fn: () => load.close() });

  // --- 2. declare → announcement -------------------------------------------------
  // One unmeasured declaration first: it warms up the path and gives the status load its incident channel.
  progress(`declaring ${cfg.declares + 1} incidents one after another…`);
  const declareOpts = { user: USER, channel: 'CGENERAL', announcementChannel: ANNOUNCEMENTS };
  const target = await declareOnce(emulator, bot, { ...declareOpts, title: 'Bench status target', severity: 'SEV2' });
  const declares = await timeDeclarations(emulator, bot, cfg.declares, declareOpts);

  // --- 1. ack latency ------------------------------------------------------------
  const status = await measureStatusAck({
    load,
    emulator,
    bot,
    bareUrl: bare.eventsUrl,
    signingSecret: SIGNING_SECRET,
    target,
    user: USER,
    rate: cfg.rate,
    seconds: cfg.seconds,
    warmupSeconds: cfg.warmupSeconds,
    timeoutMs: REQUEST_TIMEOUT_MS,
    progress,
    defer: (what, fn) => cleanups.push({ what, fn }),
  });

  // --- 4. event ingest -------------------------------------------------------------
  // Its own incident, so the row count afterwards is exactly the bench's messages.
  const ingestChannel = (
    await declareOnce(emulator, bot, { ...declareOpts, title: 'Bench ingest target', severity: 'SEV3' })
  ).channelId;
  const ingest = await measureIngest({
    load,
    bot,
    bareUrl: bare.eventsUrl,
    signingSecret: SIGNING_SECRET,
    target: {
      teamId: emulator.workspace.teamId,
      appId: emulator.workspace.appId,
      botUserId: bot.botUserId,
      channelId: ingestChannel,
      userId: USER,
    },
    concurrency: cfg.ingestConcurrency,
    seconds: cfg.ingestSeconds,
    warmupSeconds: Math.min(cfg.warmupSeconds, 2),
    progress,
  });

  // --- 7. mixed load with the outbox behind it: a fresh process (see mixed-child.ts) ------
  let mixed: MixedReport | null = null;
  let loadAroundMixed: [number, number] | null = null;
  if (!cfg.load.skip) {
    progress('mixed load (child process with its own stack)…');
    const child = await mixedLoadInChild();
    mixed = child.report;
    loadAroundMixed = child.load;
  }

  // --- 5./6. reminder scheduler: its own database, emulator and bots; the ones above sit idle. ---
  const loadBeforeScheduler = os.loadavg()[0];
  const scheduler = await measureScheduler({
    ...cfg.scheduler,
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    progress,
    defer: (what, fn) => cleanups.push({ what, fn }),
  });

  const { bolt, firebreak, followUps } = status;
  // Its own database: 100,000 seeded incidents must not slow the other scenarios.
  progress('stats over 100,000 closed incidents (own database)…');
  const statsDb = await benchDatabase();
  cleanups.push({ what: 'the stats database', fn: statsDb.cleanup });
  const stats = await benchStats(statsDb.url);
  report({
    stats,
    bolt,
    firebreak,
    followUps,
    declares,
    review,
    ingest,
    scheduler,
    mixed,
    mixedLoad: loadAroundMixed,
    database: database.label,
    load: [loadBefore, os.loadavg()[0]],
    schedulerLoad: [loadBeforeScheduler, os.loadavg()[0]],
  });
  // Not a goal but a broken measurement: a 200 without its row (or a row without its 200) means the count is wrong.
  if (ingest.rows.stored !== ingest.rows.expected) {
    throw new Error(
      `ingest check: ${ingest.rows.stored} timeline rows stored for ${ingest.rows.expected} events answered 200`,
    );
  }
  // Posting too slowly is a FAIL above; a reminder posted twice, a post the rows do not record (or the reverse),
  // or one lost although the run finished is a broken scheduler, so the bench says so with its exit code.
  const late = scheduler.lateness;
  if (
    late.duplicates ||
    late.unmarked ||
    late.rows.more ||
    late.rows.otherKindsFired ||
    late.posted !== late.rows.once ||
    (!late.timedOut && late.missing)
  ) {
    throw new Error(
      `scheduler check: ${late.posted} reminders posted (${late.duplicates} duplicates, ${late.unmarked} posts without reminder metadata, ${late.missing} missing) ` +
        `but rows say total_fired=1: ${late.rows.once}, >1: ${late.rows.more}; other kinds fired: ${late.rows.otherKindsFired}`,
    );
  }
}

// --- output -----------------------------------------------------------------------

interface Report {
  stats: StatsBenchResult;
  bolt: TargetResult;
  firebreak: TargetResult;
  followUps: { expected: number; delivered: number };
  declares: DeclareSample[];
  review: ReviewGenerationResult;
  ingest: IngestReport;
  scheduler: SchedulerReport;
  /** Part 7; null when BENCH_SKIP_LOAD=1. */
  mixed: MixedReport | null;
  /** 1-minute load average before and after part 7. */
  mixedLoad: [number, number] | null;
  database: string;
  /** 1-minute load average before and after: other work on the machine skews tail latency. */
  load: [number, number];
  /** The same around the scheduler part alone. */
  schedulerLoad: [number, number];
}

const f = (n: number) => (Number.isNaN(n) ? '-' : n.toFixed(2));
const pad = (cells: (string | number)[], widths: number[]) =>
  cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');

function report(r: Report): void {
  const limit = GOAL_RATIO * r.bolt.latency.p99;
  const ingestShare = r.ingest.firebreak.eventsPerSec / r.ingest.bareBolt.eventsPerSec;
  const goals = [
    {
      goal: `Firebreak p99 <= ${GOAL_RATIO} x bare Bolt p99`,
      pass: r.firebreak.latency.p99 <= limit,
      detail: `${f(r.firebreak.latency.p99)} ms vs limit ${f(limit)} ms (${f(r.firebreak.latency.p99 / r.bolt.latency.p99)}x)`,
    },
    {
      goal: `Firebreak p99 < ${GOAL_P99_MS} ms`,
      pass: r.firebreak.latency.p99 < GOAL_P99_MS,
      detail: `${f(r.firebreak.latency.p99)} ms`,
    },
    {
      goal: 'no failed or non-200 requests',
      pass: r.bolt.failures + r.firebreak.failures === 0,
      detail: `bare Bolt ${r.bolt.failures}, Firebreak ${r.firebreak.failures}`,
    },
    {
      goal: 'every status reply delivered via response_url',
      pass: r.followUps.delivered === r.followUps.expected,
      detail: `${r.followUps.delivered}/${r.followUps.expected}`,
    },
    {
      goal: `review of ${r.review.entries} entries <= ${GOAL_REVIEW_MS} ms`,
      pass: r.review.ms <= GOAL_REVIEW_MS,
      detail: `${f(r.review.ms)} ms (median)`,
    },
    {
      goal: `review of ${r.review.entries} entries <= ${GOAL_REVIEW_HEAP_MB} MB extra heap`,
      pass: r.review.extraHeapMb <= GOAL_REVIEW_HEAP_MB,
      detail: `${f(r.review.extraHeapMb)} MB${r.review.gc ? '' : ' (no --expose-gc: indicative only)'}`,
    },
    {
      goal: `Firebreak ingest >= ${GOAL_INGEST_SHARE * 100}% of bare Bolt's events/s`,
      pass: ingestShare >= GOAL_INGEST_SHARE,
      detail: `${f(r.ingest.firebreak.eventsPerSec)} vs ${f(r.ingest.bareBolt.eventsPerSec)} events/s (${(ingestShare * 100).toFixed(1)}%)`,
    },
    {
      goal: 'no failed or non-200 ingest events',
      pass: r.ingest.bareBolt.failures + r.ingest.firebreak.failures === 0,
      detail: `bare Bolt ${r.ingest.bareBolt.failures}, Firebreak ${r.ingest.firebreak.failures}`,
    },
  ];
  const sch = r.scheduler;
  const late = sch.lateness;
  const exactlyOnce =
    !late.timedOut &&
    late.posted === late.reminders &&
    late.duplicates === 0 &&
    late.unmarked === 0 &&
    late.rows.once === late.reminders &&
    late.rows.more === 0 &&
    late.rows.otherKindsFired === 0;
  goals.push(
    {
      goal: `tick with nothing due: ${sch.large.openIncidents} vs ${sch.small.openIncidents} open incidents <= ${GOAL_TICK_RATIO}x`,
      pass: sch.ratio <= GOAL_TICK_RATIO,
      detail: `median ${f(sch.large.medianMs)} vs ${f(sch.small.medianMs)} ms (${f(sch.ratio)}x); claim touched ${sch.large.buffers ?? '-'} vs ${sch.small.buffers ?? '-'} buffers`,
    },
    {
      goal: `claim at ${sch.large.openIncidents} open incidents reads reminders_due_idx, no seq scan`,
      pass: sch.large.scan.length > 0 && sch.large.scan.every((l) => l.includes('reminders_due_idx')),
      detail: sch.large.scan.join(' | ') || 'no scan of reminders in the plan',
    },
    {
      goal: `${late.reminders} due reminders posted with p99 lateness < ${GOAL_LATENESS_P99_MS / 1000} s`,
      pass: !late.timedOut && late.missing === 0 && late.lateness.p99 < GOAL_LATENESS_P99_MS,
      detail: `p99 ${late.timedOut ? '>= ' : ''}${f(late.lateness.p99 / 1000)} s, max ${f(late.lateness.max / 1000)} s (${late.posted}/${late.reminders} posted, ${f(late.postsPerSec)} posts/s${late.timedOut ? ', TIMED OUT' : ''})`,
    },
    {
      goal: `each of the ${late.reminders} reminders posted exactly once`,
      pass: exactlyOnce,
      detail: `${late.posted} posted, ${late.missing} lost, ${late.duplicates} duplicates, ${late.unmarked} without metadata; rows total_fired=1: ${late.rows.once}, 0: ${late.rows.never}, >1: ${late.rows.more}, still claimed: ${late.rows.claimed}`,
    },
  );
  goals.push({
    goal: `/incident stats all over ${r.stats.incidents} closed incidents < ${GOAL_STATS_MS} ms`,
    pass: r.stats.medianMs < GOAL_STATS_MS,
    detail: `median ${f(r.stats.medianMs)} ms, max ${f(r.stats.maxMs)} ms over ${r.stats.runsMs.length} runs (seeding ${f(r.stats.seedMs)} ms, not timed)`,
  });
  if (r.mixed) goals.push(...mixedGoals(r.mixed, { ratio: GOAL_RATIO, p99Ms: GOAL_P99_MS, drainMs: GOAL_DRAIN_MS }));
  const decl = {
    open: summarize(r.declares.map((d) => d.openMs)),
    linkShown: summarize(r.declares.map((d) => d.linkShownMs)),
    calls: summarize(r.declares.map((d) => d.calls)),
    submitToAnnouncement: summarize(r.declares.map((d) => d.submitToAnnounceMs)),
    total: summarize(r.declares.map((d) => d.totalMs)),
  };

  const out: string[] = [];
  out.push('');
  out.push(`Firebreak bench: Node ${process.version}, ${os.cpus().length} CPUs, ${r.database}`);
  out.push(
    `Machine load (1-min average) before ${r.load[0].toFixed(2)}, after ${r.load[1].toFixed(2)}: the bench itself adds about 1; much more means other work skewed the tails.`,
  );
  out.push('');
  out.push(
    `1. Ack latency of '/incident status' in an incident channel, open loop at ${cfg.rate} req/s, ${cfg.seconds} s per target (after ${cfg.warmupSeconds} s warm-up each)`,
  );
  const w = [10, 6, 6, 6, 8, 8, 8, 8, 13, 10, 9, 11];
  out.push(
    pad(
      [
        'target',
        'sent',
        'ok',
        'failed',
        'p50 ms',
        'p90 ms',
        'p99 ms',
        'max ms',
        'p99 from slot',
        'max lag ms',
        'loop busy',
        'busy ms/req',
      ],
      w,
    ),
  );
  for (const [name, t] of [
    ['bare Bolt', r.bolt],
    ['Firebreak', r.firebreak],
  ] as const) {
    out.push(
      pad(
        [
          name,
          t.sent,
          t.ok,
          t.failures,
          f(t.latency.p50),
          f(t.latency.p90),
          f(t.latency.p99),
          f(t.latency.max),
          f(t.fromSchedule.p99),
          f(t.maxSendLagMs),
          `${(t.mainThreadBusy * 100).toFixed(1)}%`,
          f(t.mainThreadMsPerRequest),
        ],
        w,
      ),
    );
  }
  out.push(
    '   latency = request handed to the socket -> complete ack; "from slot" counts from the scheduled send time;',
  );
  out.push(
    '   "loop busy" = event-loop utilisation of the main thread (bots + emulator) during the blocks, also per request.',
  );
  for (const [name, t] of [
    ['bare Bolt', r.bolt],
    ['Firebreak', r.firebreak],
  ] as const) {
    if (t.errors.length) out.push(`   ${name} errors: ${t.errors.join('; ')}`);
  }
  out.push('');
  out.push(
    `2. Declare -> announcement in #incidents (${r.declares.length} declarations, one after another, through the emulator)`,
  );
  const w2 = [28, 8, 8, 8];
  out.push(pad(['', 'p50 ms', 'p99 ms', 'max ms'], w2));
  out.push(pad(['command -> modal open', f(decl.open.p50), f(decl.open.p99), f(decl.open.max)], w2));
  out.push(
    pad(['submit -> link in the modal', f(decl.linkShown.p50), f(decl.linkShown.p99), f(decl.linkShown.max)], w2),
  );
  out.push(
    pad(
      [
        'submit -> announcement',
        f(decl.submitToAnnouncement.p50),
        f(decl.submitToAnnouncement.p99),
        f(decl.submitToAnnouncement.max),
      ],
      w2,
    ),
  );
  out.push(pad(['command -> announcement', f(decl.total.p50), f(decl.total.p99), f(decl.total.max)], w2));
  out.push(
    `   Web API calls per declaration after the submission: median ${f(decl.calls.p50)}, max ${f(decl.calls.max)}`,
  );
  out.push('');
  out.push(
    `3. Review document for ${r.review.entries} timeline entries (child process${r.review.gc ? ', --expose-gc' : ', NO gc'})`,
  );
  out.push(`   median ${f(r.review.ms)} ms, extra heap ${f(r.review.extraHeapMb)} MB`);
  out.push('');
  const ing = r.ingest;
  out.push(
    `4. Message event ingest, closed loop with ${ing.concurrency} in flight (${cfg.ingestSeconds} s Firebreak, bare Bolt ${cfg.ingestSeconds / 2} s before and after)`,
  );
  const w4 = [10, 8, 6, 10, 8, 8, 8, 9];
  out.push(pad(['target', 'ok', 'failed', 'events/s', 'p50 ms', 'p99 ms', 'max ms', 'loop busy'], w4));
  for (const [name, t] of [
    ['bare Bolt', ing.bareBolt],
    ['Firebreak', ing.firebreak],
  ] as const) {
    out.push(
      pad(
        [
          name,
          t.ok,
          t.failures,
          f(t.eventsPerSec),
          f(t.latency.p50),
          f(t.latency.p99),
          f(t.latency.max),
          `${(t.mainThreadBusy * 100).toFixed(1)}%`,
        ],
        w4,
      ),
    );
    if (t.errors.length) out.push(`   ${name} errors: ${t.errors.join('; ')}`);
  }
  out.push(
    `   Firebreak timeline rows stored: ${ing.rows.stored} for ${ing.rows.expected} events answered 200 (warm-up included)${ing.rows.stored === ing.rows.expected ? '' : ' MISMATCH'}`,
  );
  out.push(
    `   events/s counts stored events: Firebreak's time includes the ${f(ing.firebreak.drainMs)} ms its store ran on after the last answer`,
  );
  out.push('');
  out.push(
    `5. Scheduler tick with nothing due (own database ${sch.database}; load ${r.schedulerLoad[0].toFixed(2)} -> ${r.schedulerLoad[1].toFixed(2)} over parts 5-6)`,
  );
  const w5 = [16, 10, 7, 10, 8, 8, 10];
  out.push(pad(['open incidents', 'reminders', 'ticks', 'median ms', 'p90 ms', 'buffers', 'claim exec'], w5));
  for (const t of [sch.small, sch.large]) {
    out.push(
      pad(
        [
          t.openIncidents,
          t.reminderRows,
          t.ticks,
          f(t.medianMs),
          f(t.p90Ms),
          t.buffers ?? '-',
          t.claimExecMs === null ? '-' : `${f(t.claimExecMs)} ms`,
        ],
        w5,
      ),
    );
  }
  for (const t of [sch.small, sch.large])
    out.push(`   plan at ${t.openIncidents}: ${t.scan.join(' | ') || '(no scan of reminders)'}`);
  out.push(
    '   tick = Scheduler.tick(now) -> fireDueReminders -> claimDue; buffers/claim exec from EXPLAIN (ANALYZE, BUFFERS) of the claim.',
  );
  out.push(
    `   database round trip: select 1 ${f(sch.roundTrip.selectMs)} ms, one-row autocommit update ${f(sch.roundTrip.commitMs)} ms (medians)`,
  );
  out.push('');
  out.push(
    `6. Lateness of ${late.reminders} update nudges due over ${late.dueWindowMs / 1000} s: ${late.replicas} replica(s) in this process, cron tick every ${late.tickMs} ms, posts into the emulator`,
  );
  out.push(
    `   lateness${late.timedOut ? ` (TIMED OUT with ${late.missing} unposted, counted as posted at the deadline: lower bounds)` : ''} p50 ${f(late.lateness.p50 / 1000)} s, p90 ${f(late.lateness.p90 / 1000)} s, p99 ${f(late.lateness.p99 / 1000)} s, max ${f(late.lateness.max / 1000)} s; last post ${f(late.drainMs / 1000)} s after the window opened (${f(late.postsPerSec)} posts/s)`,
  );
  out.push(
    `   ${late.posted} posted, ${late.missing} lost, ${late.duplicates} duplicates; ${late.ticks.count} ticks (${late.ticks.failed} failed), median ${f(late.ticks.postedMedian)} posts and ${f(late.ticks.msMedian)} ms per busy tick, longest ${f(late.ticks.msMax)} ms`,
  );
  if (late.perReminderMs) {
    const steps = Object.entries(late.perReminderMs).map(([k, v]) => `${k} ${f(v)}`);
    out.push(`   awaited ms per posted reminder: ${steps.join(', ')} (one reminder after another within a tick)`);
  }
  out.push(
    `   main thread busy ${(late.mainThreadBusy * 100).toFixed(1)}%, process CPU ${(late.processCpu * 100).toFixed(1)}% of a core; node-cron skipped ${late.cronWarnings.overlap} beats (tick still running), missed ${late.cronWarnings.missed}`,
  );
  if (late.warnings.length) out.push(`   bot warnings: ${late.warnings.join(' ; ').slice(0, 500)}`);
  out.push('');
  if (r.mixed) out.push(...mixedLines(r.mixed, r.mixedLoad), '');
  else out.push('7. Mixed load: skipped (BENCH_SKIP_LOAD=1)', '');
  out.push('Goals');
  for (const g of goals) out.push(`  ${g.pass ? 'PASS' : 'FAIL'}  ${g.goal}: ${g.detail}`);
  out.push('');
  process.stdout.write(`${out.join('\n')}\n`);

  const json = {
    node: process.version,
    cpus: os.cpus().length,
    database: r.database,
    ratePerSec: cfg.rate,
    secondsPerTarget: cfg.seconds,
    warmupSeconds: cfg.warmupSeconds,
    loadAverage: { before: r.load[0], after: r.load[1] },
    ack: { bareBolt: r.bolt, firebreak: r.firebreak, followUps: r.followUps },
    declare: { n: r.declares.length, ...decl },
    review: { ...r.review, goalMs: GOAL_REVIEW_MS, goalExtraHeapMb: GOAL_REVIEW_HEAP_MB },
    ingest: { seconds: cfg.ingestSeconds, ...r.ingest, firebreakShare: ingestShare, goalShare: GOAL_INGEST_SHARE },
    scheduler: {
      config: cfg.scheduler,
      database: sch.database,
      loadAverage: { before: r.schedulerLoad[0], after: r.schedulerLoad[1] },
      tickCost: { small: sch.small, large: sch.large, ratio: sch.ratio, goalRatio: GOAL_TICK_RATIO },
      roundTrip: sch.roundTrip,
      lateness: { ...late, goalP99Ms: GOAL_LATENESS_P99_MS, exactlyOnce },
    },
    mixedLoad: r.mixed
      ? {
          ...r.mixed,
          loadAverage: r.mixedLoad && { before: r.mixedLoad[0], after: r.mixedLoad[1] },
          goalDrainMs: GOAL_DRAIN_MS,
        }
      : null,
    stats: { ...r.stats, goalMs: GOAL_STATS_MS },
    goals: goals.map((g) => ({ goal: g.goal, pass: g.pass })),
    allPass: goals.every((g) => g.pass),
  };
  process.stdout.write(`BENCH_JSON ${JSON.stringify(json)}\n`);
}

process.once('SIGINT', () => {
  progress('interrupted; cleaning up');
  cleanUp().finally(() => process.exit(130));
});

main()
  .then(
    () => cleanUp().then(() => 0),
    async (e: unknown) => {
      process.stderr.write(`bench: failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      await cleanUp();
      return 1;
    },
  )
  // Exit explicitly: a stray keep-alive socket or timer must not keep a finished bench alive.
  .then((code) => process.exit(code));
