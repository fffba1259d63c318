import http from 'node:http';
import path from 'node:path';
import { parentPort, Worker } from 'node:worker_threads';
import { closeWorker } from './close-worker';
import { runOpenLoop } from './load';
import type { MixedKind, PlannedRequest } from './mixed-math';
import { messageEventBody, postTimed, signedHeaders, slashCommandBody } from './signed-request';

/**
 * The mixed-load generator: its own worker thread (like load-worker.ts, so a busy
 * bot cannot delay sending or reading answers), sending a planned list of message
 * events and slash commands on a fixed open-loop schedule.
 */

export interface MixedRequest {
  type: 'mixed';
  url: string;
  signingSecret: string;
  ratePerSec: number;
  plan: PlannedRequest[];
  /** Per request: the response_url for commands (null for events). */
  responseUrls: (string | null)[];
  command: string;
  teamId: string;
  appId: string;
  botUserId: string;
  userId: string;
  timeoutMs: number;
}

export interface MixedResult {
  type: 'mixed-result';
  kinds: MixedKind[];
  /** Send → complete answer per request in plan order (NaN without an answer). */
  latencyMs: number[];
  /** HTTP status per request; 0 = no answer (timeout, reset). */
  status: number[];
  sendLagMs: number[];
  errors: string[];
}

const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

async function mixed(r: MixedRequest): Promise<MixedResult> {
  const url = new URL(r.url);
  const total = r.plan.length;
  const latencyMs = new Array<number>(total).fill(Number.NaN);
  const status = new Array<number>(total).fill(0);
  const sendLagMs = new Array<number>(total).fill(0);
  const errors: string[] = [];
  const pending: Promise<void>[] = [];
  await runOpenLoop({
    ratePerSec: r.ratePerSec,
    total,
    send: (i, scheduledAt) => {
      const p = r.plan[i];
      const now = Date.now();
      const [body, contentType] =
        p.kind === 'event'
          ? [
              messageEventBody(
                { teamId: r.teamId, appId: r.appId, botUserId: r.botUserId, channelId: p.channel, userId: r.userId },
                p.seq ?? i,
                now,
              ),
              'application/json',
            ]
          : [
              slashCommandBody({
                command: r.command,
                text: p.text ?? '',
                userId: r.userId,
                channelId: p.channel,
                teamId: r.teamId,
                responseUrl: r.responseUrls[i] ?? '',
              }),
              'application/x-www-form-urlencoded',
            ];
      const headers = signedHeaders(r.signingSecret, body, now, contentType);
      sendLagMs[i] = performance.now() - scheduledAt;
      pending.push(
        postTimed(agent, url, body, headers, r.timeoutMs).then((o) => {
          status[i] = o.error ? 0 : o.status;
          if (o.error || o.status !== 200) {
            if (errors.length < 5) errors.push(`${p.kind}: ${o.error ?? `HTTP ${o.status}`}`);
            return;
          }
          latencyMs[i] = o.latencyMs;
        }),
      );
    },
  });
  await Promise.all(pending);
  return { type: 'mixed-result', kinds: r.plan.map((p) => p.kind), latencyMs, status, sendLagMs, errors };
}

parentPort?.on('message', (msg: MixedRequest | { type: 'close' }) => {
  if (msg.type === 'close') {
    agent.destroy();
    parentPort?.close();
    return;
  }
  mixed(msg).then(
    (result) => parentPort?.postMessage(result),
    (e: unknown) => parentPort?.postMessage({ type: 'crash', error: String(e) }),
  );
});

/** The main thread's handle on the worker: one run at a time. */
export class MixedLoadGenerator {
  private readonly worker = new Worker(path.join(__dirname, 'mixed-worker.js'));

  run(r: Omit<MixedRequest, 'type'>): Promise<MixedResult> {
    return new Promise((resolve, reject) => {
      const onMessage = (msg: MixedResult | { type: 'crash'; error: string }) => {
        cleanup();
        if (msg.type === 'crash') reject(new Error(`mixed load worker: ${msg.error}`));
        else resolve(msg);
      };
      const onError = (e: Error) => {
        cleanup();
        reject(e);
      };
      const cleanup = () => {
        this.worker.off('message', onMessage);
        this.worker.off('error', onError);
      };
      this.worker.on('message', onMessage);
      this.worker.on('error', onError);
      this.worker.postMessage({ type: 'mixed', ...r });
    });
  }

  close(): Promise<void> {
    return closeWorker(this.worker);
  }
}
