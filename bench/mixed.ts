import { performance } from 'node:perf_hooks';
import type { MessageRecord, SlackEmulator } from '@firebreak/slack-emulator';
import { sql } from 'kysely';
import type { TimelineTables } from '../src/features/timeline/timeline.tables';
import { COMMAND } from '../src/kernel/slack/ids';
import type { Firebreak } from '../src/main';
import { type LatencySummary, summarize } from './load';
import {
  addChecks,
  DEFAULT_MIX,
  type DeliveryCheck,
  deliveryCheck,
  MIXED_KINDS,
  type MixedKind,
  mixCycle,
  NO_DELIVERIES,
  type PlannedRequest,
  planMixed,
  statusClass,
} from './mixed-math';
import { MixedLoadGenerator, type MixedResult } from './mixed-worker';
import { type RandomFaultStats, RandomFaults } from './random-faults';

/**
 * Mixed open-loop load against Firebreak on real PostgreSQL (bench part 7):
 * message events into incident channels, `/incident status` reads and
 * `/incident severity` changes, at a fixed rate. Measures ack latency (vs the
 * bare Bolt app given the same requests), non-2xx answers, and how long the
 * outbox takes to deliver what the changes owe Slack once the load stops; then
 * checks from the emulator's side that every committed change was posted exactly
 * once (in its channel and in the announcement channel) and every accepted event
 * stored once. Run twice: clean, and with the emulator answering 429
 * (Retry-After 1) to a random share of all Web API calls.
 */

export interface MixedOptions {
  emulator: SlackEmulator;
  bot: Firebreak;
  bareUrl: string;
  signingSecret: string;
  user: string;
  announcementChannel: string;
  ratePerSec: number;
  seconds: number;
  warmupSeconds: number;
  /** Incident channels declared per run; lanes of the outbox. */
  incidents: number;
  faultRate: number;
  /** Give up waiting for the outbox to drain this long after the last ack. */
  drainTimeoutMs: number;
  declare: (title: string) => Promise<{ number: number; channelId: string }>;
  progress: (msg: string) => void;
  /** Registers a cleanup with the bench (run in reverse order at exit). */
  defer: (what: string, fn: () => Promise<unknown>) => void;
}

export interface AckStats {
  sent: number;
  ok: number;
  /** Answers by class ('2xx', '4xx', '5xx', 'error' = no answer). */
  statuses: Record<string, number>;
  fiveXx: number;
  non2xx: number;
  errors: string[];
  latency: LatencySummary;
  byKind: Record<MixedKind, LatencySummary>;
  maxSendLagMs: number;
  /** Event-loop utilisation of the main thread (bots + emulator) during the blocks. */
  mainThreadBusy: number;
  /** Process CPU (all threads, the load generator's included) per wall second. */
  processCpu: number;
  /** PostgreSQL transactions committed per request (the whole server's counter for this database). */
  commitsPerRequest: number | null;
}

export interface ScenarioReport {
  name: string;
  faultRate: number;
  incidents: number;
  /** The measured block only (not the warm-up). */
  firebreak: AckStats;
  /** All Firebreak blocks of the run (warm-up included), by kind: sent and answered 200. */
  requests: Record<MixedKind, { sent: number; ok: number }>;
  changes: {
    /** Severity changes committed (incident_events of kind 'severity'). */
    committed: number;
    /** Acked change commands answered through response_url instead (refused or failed). */
    answeredInstead: number;
    /** What they owe Slack: two posts (channel, #incidents) and two more calls (topic, header) each. */
    postsOwed: number;
    callsOwed: number;
  };
  drain: {
    /** Outbox rows pending when the last ack arrived. */
    pendingAtEnd: number;
    /** Last ack → no pending outbox row and every acked change committed or answered. */
    ms: number;
    timedOut: boolean;
  };
  outbox: {
    notices: number;
    done: number;
    pending: number;
    retried: number;
    maxAttempts: number;
    errors: number;
    deliveryMs: LatencySummary;
  };
  check: {
    changePosts: DeliveryCheck;
    announcements: DeliveryCheck;
    /** Incidents whose change posts are not in commit order. */
    outOfOrder: number;
    /** Incidents whose channel topic or pinned header does not show the final severity. */
    staleTopic: number;
    staleHeader: number;
    events: { accepted: number; stored: number };
  };
  faults: RandomFaultStats | null;
  slackCalls: Record<string, number>;
}

export interface MixedReport {
  ratePerSec: number;
  seconds: number;
  warmupSeconds: number;
  mix: Record<MixedKind, number>;
  bareBolt: AckStats;
  clean: ScenarioReport;
  faults: ScenarioReport;
}

const REQUEST_TIMEOUT_MS = 10_000;
const POLL_MS = 20;
const SEQ_BASE = [100_000_000, 200_000_000];
const CHANGE_TEXT = 'changed the severity from';

interface Block {
  plan: PlannedRequest[];
  result: MixedResult;
  /** Response URL records of change commands, by request index. */
  changeUrls: { index: number; rec: { uses: number } }[];
  elu: number;
  ms: number;
  cpuMs: number;
  commits: number | null;
}

export async function measureMixedLoad(o: MixedOptions): Promise<MixedReport> {
  const gen = new MixedLoadGenerator();
  o.defer('the mixed load worker', () => gen.close());
  const cycle = mixCycle(DEFAULT_MIX);
  const ws = o.emulator.workspace;
  const db = o.bot.database.db.withTables<TimelineTables>();

  const commits = async (): Promise<number | null> => {
    const r = await sql<{
      n: string;
    }>`select xact_commit::text as n from pg_stat_database where datname = current_database()`
      .execute(db)
      .catch(() => undefined);
    return r?.rows[0] ? Number(r.rows[0].n) : null;
  };

  const runBlock = async (url: string, plan: PlannedRequest[], issueUrls: boolean): Promise<Block> => {
    const changeUrls: Block['changeUrls'] = [];
    const responseUrls = plan.map((p, index) => {
      if (p.kind === 'event') return null;
      // The bare app never answers through it; only Firebreak's replies must land.
      if (!issueUrls) return `${o.emulator.url}/response/bare-bench`;
      const rec = ws.issueResponseUrl({ channel: p.channel, user: o.user, isEphemeral: true, followsReplies: true });
      if (p.kind === 'change') changeUrls.push({ index, rec });
      return rec.url;
    });
    const c0 = await commits();
    const elu0 = performance.eventLoopUtilization();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const result = await gen.run({
      url,
      signingSecret: o.signingSecret,
      ratePerSec: o.ratePerSec,
      plan,
      responseUrls,
      command: COMMAND,
      teamId: ws.teamId,
      appId: ws.appId,
      botUserId: o.bot.botUserId,
      userId: o.user,
      timeoutMs: REQUEST_TIMEOUT_MS,
    });
    const ms = performance.now() - t0;
    const elu = performance.eventLoopUtilization(elu0).utilization;
    const cpu = process.cpuUsage(cpu0);
    const c1 = await commits();
    return {
      plan,
      result,
      changeUrls,
      elu,
      ms,
      cpuMs: (cpu.user + cpu.system) / 1000,
      commits: c0 !== null && c1 !== null ? c1 - c0 : null,
    };
  };

  const count = (seconds: number) => Math.max(1, Math.round(seconds * o.ratePerSec));
  const bareBlocks: Block[] = [];

  const scenario = async (name: string, run: number, faultRate: number, withBare: boolean): Promise<ScenarioReport> => {
    o.progress(`mixed load (${name}): declaring ${o.incidents} incident channels…`);
    const declared: { number: number; channelId: string }[] = [];
    for (let i = 1; i <= o.incidents; i++) declared.push(await o.declare(`Bench load ${name} ${i}`));
    const channels = declared.map((d) => d.channelId);
    const rows = await db
      .selectFrom('incidents')
      .select(['id', 'number', 'channel_id', 'header_ts'])
      .where('channel_id', 'in', channels)
      .execute();
    const ids = rows.map((r) => r.id);
    await o.bot.idle();
    const outboxFrom = Number(
      (
        await db
          .selectFrom('outbox')
          .select((eb) => eb.fn.max('id').as('m'))
          .executeTakeFirst()
      )?.m ?? 0,
    );
    const callsFrom = ws.calls.length;

    let next = 0;
    const fbPlan = (seconds: number) => {
      const plan = planMixed({ start: next, count: count(seconds), channels, cycle, seqBase: SEQ_BASE[run] });
      next += plan.length;
      return plan;
    };
    // The bare app changes nothing: the same sequence from 0 each time is the same mix.
    const barePlan = (seconds: number) => planMixed({ start: 0, count: count(seconds), channels, cycle, seqBase: 0 });
    const fbBlocks: Block[] = [];

    if (withBare && o.warmupSeconds > 0) {
      o.progress(`mixed load (${name}): warm-up ${o.warmupSeconds} s per target at ${o.ratePerSec}/s…`);
      await runBlock(o.bareUrl, barePlan(o.warmupSeconds), false);
      fbBlocks.push(await runBlock(o.bot.eventsUrl, fbPlan(o.warmupSeconds), true));
      await o.bot.idle();
    }
    if (withBare) {
      o.progress(`mixed load (${name}): bare Bolt ${o.seconds / 2} s…`);
      bareBlocks.push(await runBlock(o.bareUrl, barePlan(o.seconds / 2), false));
    }

    const faults =
      faultRate > 0
        ? new RandomFaults(o.emulator, { rate: faultRate, fault: { status: 429, retryAfter: 1 }, seed: 0x5eed + run })
        : null;
    faults?.start();
    o.defer(`the ${name} fault injector`, async () => faults?.stop());
    o.progress(
      `mixed load (${name}): Firebreak ${o.seconds} s at ${o.ratePerSec}/s${faults ? `, emulator answering 429 to ${faultRate * 100}% of Web API calls` : ''}…`,
    );
    const main = await runBlock(o.bot.eventsUrl, fbPlan(o.seconds), true);
    fbBlocks.push(main);
    const endAt = performance.now();

    // --- drain: from the last ack until nothing is pending and every acked change has landed ---
    const changeUrls = fbBlocks.flatMap((b) => b.changeUrls.filter((c) => b.result.status[c.index] === 200));
    const committedChanges = async () =>
      Number(
        (
          await db
            .selectFrom('incident_events')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('kind', '=', 'severity')
            .where('incident_id', 'in', ids)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const pending = async () =>
      Number(
        (
          await db
            .selectFrom('outbox')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('status', '=', 'pending')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const answered = () => changeUrls.filter((c) => c.rec.uses > 0).length;
    const pendingAtEnd = await pending();
    let drainMs = Number.NaN;
    let timedOut = false;
    o.progress(`mixed load (${name}): waiting for the outbox (${pendingAtEnd} pending at the last ack)…`);
    for (;;) {
      const settled = (await committedChanges()) + answered() >= changeUrls.length;
      if (settled && (await pending()) === 0) {
        drainMs = performance.now() - endAt;
        break;
      }
      if (performance.now() - endAt > o.drainTimeoutMs) {
        timedOut = true;
        drainMs = performance.now() - endAt;
        break;
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    faults?.stop();
    // Faults off: whatever a timed-out drain left is delivered now, so the check below tells lost from late.
    await o.bot.idle();
    if (timedOut) {
      const deadline = Date.now() + o.drainTimeoutMs;
      while ((await pending()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    }

    if (withBare) {
      o.progress(`mixed load (${name}): bare Bolt ${o.seconds / 2} s…`);
      bareBlocks.push(await runBlock(o.bareUrl, barePlan(o.seconds / 2), false));
    }

    // --- exactly-once checks, from Slack's side ---
    const events = await db
      .selectFrom('incident_events')
      .select(['incident_id', 'data'])
      .where('kind', '=', 'severity')
      .where('incident_id', 'in', ids)
      .orderBy('id')
      .execute();
    const finals = await db
      .selectFrom('incidents')
      .select(['id', 'severity', 'header_ts'])
      .where('id', 'in', ids)
      .execute();
    let changePosts = NO_DELIVERIES;
    let announcements = NO_DELIVERIES;
    let outOfOrder = 0;
    let staleTopic = 0;
    let staleHeader = 0;
    const announced = ws.messagesIn(o.announcementChannel);
    const key = (m: MessageRecord) => {
      const k = m.metadata?.event_payload?.key;
      return typeof k === 'string' ? k : undefined;
    };
    for (const r of rows as ((typeof rows)[number] & { channel_id: string })[]) {
      const expected = events.filter((e) => e.incident_id === r.id).map((e) => (e.data as { to: string }).to);
      const posts = ws
        .messagesIn(r.channel_id)
        .filter((m) => (m.botId || m.user === ws.botUserId) && m.text.includes(CHANGE_TEXT));
      changePosts = addChecks(changePosts, deliveryCheck(expected.length, posts.map(key)));
      const firstPerKey = new Map<string, string>();
      for (const m of posts) firstPerKey.set(key(m) ?? m.ts, /to \*(SEV\d)\*/.exec(m.text)?.[1] ?? '?');
      if ([...firstPerKey.values()].join() !== expected.join()) outOfOrder++;
      const marker = `*INC-${r.number}*`;
      const ann = announced.filter((m) => m.text.includes(marker) && m.text.includes(') is now *'));
      announcements = addChecks(announcements, deliveryCheck(expected.length, ann.map(key)));
      const final = finals.find((f) => f.id === r.id);
      const sev = final?.severity ?? 'no severity';
      if (!ws.visibleChannel(r.channel_id).topic.includes(sev)) staleTopic++;
      const header = final?.header_ts ? ws.findMessage(r.channel_id, final.header_ts) : undefined;
      if (!header || !JSON.stringify(header.blocks ?? []).includes(`*Severity*\\n${sev}`)) staleHeader++;
    }
    const stored = Number(
      (
        await db
          .selectFrom('timeline_entries')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('kind', '=', 'message')
          .where('incident_id', 'in', ids)
          .executeTakeFirstOrThrow()
      ).n,
    );

    const requests = Object.fromEntries(MIXED_KINDS.map((k) => [k, { sent: 0, ok: 0 }])) as ScenarioReport['requests'];
    for (const b of fbBlocks) {
      b.plan.forEach((p, i) => {
        requests[p.kind].sent++;
        if (b.result.status[i] === 200) requests[p.kind].ok++;
      });
    }
    const committed = events.length;
    const ob = await sql<{
      n: string;
      done: string;
      pending: string;
      retried: string;
      max_attempts: number | null;
      errors: string | null;
      ms: number[] | null;
    }>`
      select count(*)::text as n,
             count(*) filter (where status = 'done')::text as done,
             count(*) filter (where status = 'pending')::text as pending,
             count(*) filter (where attempts > 1)::text as retried,
             max(attempts) as max_attempts,
             sum(jsonb_array_length(errors))::text as errors,
             array_agg(extract(epoch from done_at - created_at) * 1000) filter (where status = 'done') as ms
      from outbox where id > ${outboxFrom} and lane = any(${ids.map((id) => `incident:${id}`)})`.execute(db);
    const s = ob.rows[0];
    const slackCalls: Record<string, number> = {};
    for (const c of ws.calls.slice(callsFrom)) slackCalls[c.method] = (slackCalls[c.method] ?? 0) + 1;
    const fault = faults?.stats() ?? null;
    if (fault && fault.answered !== fault.injected) {
      throw new Error(
        `fault injection misfired: ${fault.injected} calls chosen for a 429 but ${fault.answered} answered with it (has the emulator's call log changed?)`,
      );
    }
    return {
      name,
      faultRate,
      incidents: o.incidents,
      firebreak: ackStats([main]),
      requests,
      changes: { committed, answeredInstead: answered(), postsOwed: committed * 2, callsOwed: committed * 4 },
      drain: { pendingAtEnd, ms: drainMs, timedOut },
      outbox: {
        notices: Number(s.n),
        done: Number(s.done),
        pending: Number(s.pending),
        retried: Number(s.retried),
        maxAttempts: s.max_attempts ?? 0,
        errors: Number(s.errors ?? 0),
        deliveryMs: summarize((s.ms ?? []).map(Number)),
      },
      check: {
        changePosts,
        announcements,
        outOfOrder,
        staleTopic,
        staleHeader,
        events: { accepted: requests.event.ok, stored },
      },
      faults: fault,
      slackCalls,
    };
  };

  const clean = await scenario('clean', 0, 0, true);
  const faults = await scenario('429', 1, o.faultRate, false);
  return {
    ratePerSec: o.ratePerSec,
    seconds: o.seconds,
    warmupSeconds: o.warmupSeconds,
    mix: DEFAULT_MIX,
    bareBolt: ackStats(bareBlocks),
    clean,
    faults,
  };
}

function ackStats(blocks: Block[]): AckStats {
  const statuses: Record<string, number> = {};
  const all: number[] = [];
  const byKind: Record<MixedKind, number[]> = { event: [], read: [], change: [] };
  let sent = 0;
  let maxLag = 0;
  for (const b of blocks) {
    b.result.status.forEach((st, i) => {
      sent++;
      const c = statusClass(st);
      statuses[c] = (statuses[c] ?? 0) + 1;
      const ms = b.result.latencyMs[i];
      if (!Number.isNaN(ms)) {
        all.push(ms);
        byKind[b.result.kinds[i]].push(ms);
      }
      maxLag = Math.max(maxLag, b.result.sendLagMs[i]);
    });
  }
  const wall = blocks.reduce((s, b) => s + b.ms, 0);
  const commits = blocks.every((b) => b.commits !== null) ? blocks.reduce((s, b) => s + (b.commits ?? 0), 0) : null;
  return {
    sent,
    ok: all.length,
    statuses,
    fiveXx: statuses['5xx'] ?? 0,
    non2xx: sent - (statuses['2xx'] ?? 0),
    errors: blocks.flatMap((b) => b.result.errors).slice(0, 5),
    latency: summarize(all),
    byKind: { event: summarize(byKind.event), read: summarize(byKind.read), change: summarize(byKind.change) },
    maxSendLagMs: maxLag,
    mainThreadBusy: blocks.reduce((s, b) => s + b.elu * b.ms, 0) / wall,
    processCpu: blocks.reduce((s, b) => s + b.cpuMs, 0) / wall,
    commitsPerRequest: commits === null ? null : commits / sent,
  };
}
