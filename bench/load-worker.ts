import http from 'node:http';
import { parentPort } from 'node:worker_threads';
import { runOpenLoop } from './load';
import {
  type MessageEventTarget,
  messageEventBody,
  postTimed,
  type SlashCommand,
  signedHeaders,
  slashCommandBody,
} from './signed-request';

/**
 * The load generator runs in a worker thread, with its own event loop: the bot
 * under test shares the main thread with the emulator, and a generator on that
 * loop would send late and read answers late whenever the bot is busy, hiding
 * exactly the delays we want to see.
 */

export interface RunRequest {
  type: 'run';
  url: string;
  signingSecret: string;
  ratePerSec: number;
  /** One response_url per request (each may be used 5 times in Slack; we use each once). */
  responseUrls: string[];
  command: Omit<SlashCommand, 'responseUrl'>;
  timeoutMs: number;
}

export interface RunResult {
  type: 'result';
  /** Send → complete answer, per request in send order (NaN when it failed). */
  latencyMs: number[];
  /** Scheduled time → complete answer: includes any lateness of the generator itself. */
  fromScheduleMs: number[];
  /** How late each request was sent relative to its slot. */
  sendLagMs: number[];
  statuses: Record<string, number>;
  failures: number;
  errors: string[];
}

// Keep-alive as Slack does; no socket cap, so a slow server gets more concurrent requests, not a queue here.
const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

async function run(r: RunRequest): Promise<RunResult> {
  const url = new URL(r.url);
  const total = r.responseUrls.length;
  const latencyMs = new Array<number>(total).fill(Number.NaN);
  const fromScheduleMs = new Array<number>(total).fill(Number.NaN);
  const sendLagMs = new Array<number>(total).fill(0);
  const statuses: Record<string, number> = {};
  const errors: string[] = [];
  let failures = 0;
  const pending: Promise<void>[] = [];

  await runOpenLoop({
    ratePerSec: r.ratePerSec,
    total,
    send: (i, scheduledAt) => {
      const body = slashCommandBody({ ...r.command, responseUrl: r.responseUrls[i] });
      const headers = signedHeaders(r.signingSecret, body);
      sendLagMs[i] = performance.now() - scheduledAt;
      pending.push(
        postTimed(agent, url, body, headers, r.timeoutMs).then((o) => {
          const key = o.error ? 'error' : String(o.status);
          statuses[key] = (statuses[key] ?? 0) + 1;
          if (o.status !== 200) {
            failures++;
            if (errors.length < 5) errors.push(o.error ?? `HTTP ${o.status}`);
            return;
          }
          latencyMs[i] = o.latencyMs;
          fromScheduleMs[i] = o.doneAt - scheduledAt;
        }),
      );
    },
  });
  await Promise.all(pending);
  return { type: 'result', latencyMs, fromScheduleMs, sendLagMs, statuses, failures, errors };
}

export interface IngestRequest {
  type: 'ingest';
  url: string;
  signingSecret: string;
  target: MessageEventTarget;
  /** Requests kept in flight: each loop sends its next event as soon as the previous one is answered. */
  concurrency: number;
  seconds: number;
  timeoutMs: number;
}

export interface IngestResult {
  type: 'ingest-result';
  ok: number;
  failures: number;
  statuses: Record<string, number>;
  errors: string[];
  /** First send → last answer: every loop stops sending at the deadline and finishes its request in flight. */
  elapsedMs: number;
  latencyMs: number[];
}

// Unique across every ingest run of this worker (both targets), so no event_id or message ts repeats.
let eventSeq = 0;

/** Closed loop: throughput is what the server sustains with `concurrency` requests outstanding. */
async function ingest(r: IngestRequest): Promise<IngestResult> {
  const url = new URL(r.url);
  const statuses: Record<string, number> = {};
  const errors: string[] = [];
  const latencyMs: number[] = [];
  let failures = 0;
  const started = performance.now();
  const deadline = started + r.seconds * 1000;
  const loop = async () => {
    while (performance.now() < deadline) {
      const body = messageEventBody(r.target, ++eventSeq);
      const o = await postTimed(
        agent,
        url,
        body,
        signedHeaders(r.signingSecret, body, Date.now(), 'application/json'),
        r.timeoutMs,
      );
      const key = o.error ? 'error' : String(o.status);
      statuses[key] = (statuses[key] ?? 0) + 1;
      if (o.status === 200) latencyMs.push(o.latencyMs);
      else {
        failures++;
        if (errors.length < 5) errors.push(o.error ?? `HTTP ${o.status}`);
      }
    }
  };
  await Promise.all(Array.from({ length: r.concurrency }, loop));
  return {
    type: 'ingest-result',
    ok: latencyMs.length,
    failures,
    statuses,
    errors,
    elapsedMs: performance.now() - started,
    latencyMs,
  };
}

parentPort?.on('message', (msg: RunRequest | IngestRequest | { type: 'close' }) => {
  if (msg.type === 'close') {
    agent.destroy();
    parentPort?.close();
    return;
  }
  (msg.type === 'ingest' ? ingest(msg) : run(msg)).then(
    (result) => parentPort?.postMessage(result),
    (e: unknown) => parentPort?.postMessage({ type: 'crash', error: String(e) }),
  );
});
