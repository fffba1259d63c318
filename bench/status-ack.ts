import { performance } from 'node:perf_hooks';
import type { SlackEmulator } from '@firebreak/slack-emulator';
import { COMMAND } from '../src/kernel/slack/ids';
import type { Firebreak } from '../src/main';
import { type LatencySummary, summarize } from './load';
import type { LoadGenerator } from './load-generator';
import type { RunResult } from './load-worker';
import { ResponseSink } from './response-sink';

/**
 * Part 1: ack latency of `/incident status` in an incident channel, open loop,
 * Firebreak vs a bare Bolt app answering the same signed request; Firebreak's
 * answer itself must come back through response_url.
 */

/**
 * Seconds of Firebreak load (bare Bolt gets half before and half after). A p99 is
 * the 1% tail, and over 20 s (2,000 requests a target) it rested on the 20
 * slowest answers of each app, so the ratio of the two moved from 0.8 to 1.26
 * between runs of the same code. Over 60 s each p99 rests on 60 answers.
 */
export const STATUS_SECONDS = 60;

export interface TargetResult {
  sent: number;
  ok: number;
  failures: number;
  statuses: Record<string, number>;
  errors: string[];
  latency: LatencySummary;
  fromSchedule: LatencySummary;
  maxSendLagMs: number;
  /** Share of wall time the main thread (bot + emulator) was busy during this target's blocks. */
  mainThreadBusy: number;
  /** Main-thread busy time per request: the work each request costs the process serving it. */
  mainThreadMsPerRequest: number;
}

export function merge(runs: { result: RunResult; elu: number; ms: number }[]): TargetResult {
  const all = runs.map((r) => r.result);
  const ok = (xs: number[]) => xs.filter((x) => !Number.isNaN(x));
  const statuses: Record<string, number> = {};
  for (const r of all) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  const latencies = ok(all.flatMap((r) => r.latencyMs));
  const totalMs = runs.reduce((s, r) => s + r.ms, 0);
  return {
    sent: all.reduce((s, r) => s + r.latencyMs.length, 0),
    ok: latencies.length,
    failures: all.reduce((s, r) => s + r.failures, 0),
    statuses,
    errors: all.flatMap((r) => r.errors).slice(0, 5),
    latency: summarize(latencies),
    fromSchedule: summarize(ok(all.flatMap((r) => r.fromScheduleMs))),
    maxSendLagMs: all.flatMap((r) => r.sendLagMs).reduce((m, x) => Math.max(m, x), 0),
    mainThreadBusy: runs.reduce((s, r) => s + r.elu * r.ms, 0) / totalMs,
    mainThreadMsPerRequest:
      runs.reduce((s, r) => s + r.elu * r.ms, 0) / all.reduce((s, r) => s + r.latencyMs.length, 0),
  };
}

export interface StatusAckReport {
  bolt: TargetResult;
  firebreak: TargetResult;
  followUps: { expected: number; delivered: number };
}

export async function measureStatusAck(o: {
  load: LoadGenerator;
  emulator: SlackEmulator;
  bot: Firebreak;
  bareUrl: string;
  signingSecret: string;
  target: { channelId: string; number: number };
  user: string;
  rate: number;
  seconds: number;
  warmupSeconds: number;
  timeoutMs: number;
  progress: (msg: string) => void;
  /** Registers a cleanup with the bench (run in reverse order at exit). */
  defer: (what: string, fn: () => Promise<unknown>) => void;
}): Promise<StatusAckReport> {
  const ws = o.emulator.workspace;
  const command = {
    command: COMMAND,
    text: 'status',
    userId: o.user,
    channelId: o.target.channelId,
    teamId: ws.teamId,
  };
  const followUps = () =>
    ws.ephemerals.filter((e) => e.source === 'response_url' && e.channel === o.target.channelId).length;

  const sink = new ResponseSink();
  await sink.start(`INC-${o.target.number}`);
  o.defer('the response_url sink', () => sink.close());

  const runBlock = async (url: string, seconds: number, through: 'emulator' | 'sink' = 'sink') => {
    const count = Math.max(1, Math.round(seconds * o.rate));
    // The bare app gets the same body shape (and never answers through it).
    const responseUrls = Array.from({ length: count }, () =>
      through === 'emulator'
        ? ws.issueResponseUrl({ channel: o.target.channelId, user: o.user, isEphemeral: true, followsReplies: true })
            .url
        : sink.url(),
    );
    const elu0 = performance.eventLoopUtilization();
    const t0 = performance.now();
    const result = await o.load.run({
      url,
      signingSecret: o.signingSecret,
      ratePerSec: o.rate,
      responseUrls,
      command,
      timeoutMs: o.timeoutMs,
    });
    const elu = performance.eventLoopUtilization(elu0).utilization;
    const ms = performance.now() - t0;
    // Firebreak's post-ack work (query, respond) must not spill into the next block.
    await o.bot.idle();
    return { result, elu, ms };
  };

  // Sanity: one request each through the emulator; Firebreak's answer must reach the channel through response_url.
  const before = followUps();
  for (const url of [o.bareUrl, o.bot.eventsUrl]) {
    const { result } = await runBlock(url, 1 / o.rate, 'emulator');
    if (result.failures) throw new Error(`sanity request to ${url} failed: ${result.errors.join('; ')}`);
  }
  const reply = ws.ephemerals.at(-1);
  if (
    followUps() !== before + 1 ||
    !reply?.blocks?.length ||
    !JSON.stringify(reply.blocks).includes(`INC-${o.target.number}`)
  ) {
    throw new Error(
      `/incident status did not come back through response_url (last ephemeral: ${JSON.stringify(reply)?.slice(0, 300)})`,
    );
  }

  o.progress(`warm-up: ${o.warmupSeconds} s per target at ${o.rate}/s…`);
  await runBlock(o.bareUrl, o.warmupSeconds);
  await runBlock(o.bot.eventsUrl, o.warmupSeconds);

  // Back to back, not interleaved: both apps share the main thread, so interleaving would make the
  // bare app's acks queue behind Firebreak's post-ack work (DB query, respond()) and the floor would no
  // longer be a floor; it would also double the rate. The bare app brackets Firebreak (half before,
  // half after) so slow drift over the run (noisy neighbours, GC, emulator state) hits both alike.
  o.progress(
    `measuring: bare Bolt ${o.seconds / 2} s, Firebreak ${o.seconds} s, bare Bolt ${o.seconds / 2} s at ${o.rate}/s…`,
  );
  const bareRuns = [await runBlock(o.bareUrl, o.seconds / 2)];
  const beforeFb = (await sink.count()).marked;
  const fbRuns = [await runBlock(o.bot.eventsUrl, o.seconds)];
  const delivered = (await sink.count()).marked - beforeFb;
  bareRuns.push(await runBlock(o.bareUrl, o.seconds / 2));
  const firebreak = merge(fbRuns);
  return { bolt: merge(bareRuns), firebreak, followUps: { expected: firebreak.ok, delivered } };
}
