import { performance } from 'node:perf_hooks';
import type { TimelineTables } from '../src/features/timeline/timeline.tables';
import type { Firebreak } from '../src/main';
import { type LatencySummary, summarize } from './load';
import type { LoadGenerator } from './load-generator';
import type { IngestResult } from './load-worker';
import type { MessageEventTarget } from './signed-request';

/**
 * Event ingest throughput: signed `message` events into an incident channel, a
 * fixed number in flight (closed loop), Firebreak vs the bare Bolt app. Firebreak
 * answers a message only once its row is committed; each block still runs until
 * Firebreak is idle again, so the rate counts stored events, and the timeline row
 * count afterwards checks that every 200 was stored.
 */

export interface IngestTarget {
  /** Events answered 200. */
  ok: number;
  failures: number;
  statuses: Record<string, number>;
  errors: string[];
  seconds: number;
  eventsPerSec: number;
  latency: LatencySummary;
  /** Share of wall time the main thread (bots + emulator) was busy: ~100% means the loop, not the database, was the limit. */
  mainThreadBusy: number;
  /** After the last answer, how long storing what was answered took (counted in `seconds`). */
  drainMs: number;
}

export interface IngestReport {
  concurrency: number;
  bareBolt: IngestTarget;
  firebreak: IngestTarget;
  /** Timeline rows Firebreak added over all its blocks (warm-up included) vs its 200 answers. */
  rows: { expected: number; stored: number };
}

interface Block {
  result: IngestResult;
  elu: number;
  drainMs: number;
}

function merge(blocks: Block[]): IngestTarget {
  const rs = blocks.map((b) => b.result);
  const ms = rs.reduce((s, r) => s + r.elapsedMs, 0);
  const ok = rs.reduce((s, r) => s + r.ok, 0);
  const statuses: Record<string, number> = {};
  for (const r of rs) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  return {
    ok,
    failures: rs.reduce((s, r) => s + r.failures, 0),
    statuses,
    errors: rs.flatMap((r) => r.errors).slice(0, 5),
    seconds: ms / 1000,
    eventsPerSec: (ok * 1000) / ms,
    latency: summarize(rs.flatMap((r) => r.latencyMs)),
    mainThreadBusy: blocks.reduce((s, b) => s + b.elu * b.result.elapsedMs, 0) / ms,
    drainMs: blocks.reduce((s, b) => s + b.drainMs, 0),
  };
}

export async function measureIngest(o: {
  load: LoadGenerator;
  bot: Firebreak;
  bareUrl: string;
  signingSecret: string;
  target: MessageEventTarget;
  concurrency: number;
  seconds: number;
  warmupSeconds: number;
  progress: (msg: string) => void;
}): Promise<IngestReport> {
  const rows = async () => {
    const r = await o.bot.database.db
      .withTables<TimelineTables>()
      .selectFrom('timeline_entries')
      .innerJoin('incidents', 'incidents.id', 'timeline_entries.incident_id')
      .where('incidents.channel_id', '=', o.target.channelId)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  };
  const block = async (url: string, seconds: number): Promise<Block> => {
    const elu0 = performance.eventLoopUtilization();
    // A long timeout: a request given up on while Firebreak still stores it would break the row check.
    const result = await o.load.ingest({
      url,
      signingSecret: o.signingSecret,
      target: o.target,
      concurrency: o.concurrency,
      seconds,
      timeoutMs: 30_000,
    });
    const drained = performance.now();
    await o.bot.idle();
    const drainMs = performance.now() - drained;
    const elu = performance.eventLoopUtilization(elu0).utilization;
    return { result: { ...result, elapsedMs: result.elapsedMs + drainMs }, elu, drainMs };
  };

  const rowsBefore = await rows();
  o.progress(`ingest warm-up: ${o.warmupSeconds} s per target, ${o.concurrency} in flight…`);
  await block(o.bareUrl, o.warmupSeconds);
  const fbWarmup = await block(o.bot.eventsUrl, o.warmupSeconds);
  // Bare Bolt brackets Firebreak, as for ack latency, so drift over the run hits both alike.
  o.progress(
    `ingest: bare Bolt ${o.seconds / 2} s, Firebreak ${o.seconds} s, bare Bolt ${o.seconds / 2} s, ${o.concurrency} in flight…`,
  );
  const bare = [await block(o.bareUrl, o.seconds / 2)];
  const fb = [await block(o.bot.eventsUrl, o.seconds)];
  bare.push(await block(o.bareUrl, o.seconds / 2));
  const stored = (await rows()) - rowsBefore;
  return {
    concurrency: o.concurrency,
    bareBolt: merge(bare),
    firebreak: merge(fb),
    rows: { expected: fbWarmup.result.ok + fb[0].result.ok, stored },
  };
}
