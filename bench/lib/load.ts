import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { type SlackEmulator, signedHeaders } from '@firebreak/slack-emulator';
import { dueCount, scheduledOffsetMs } from './maths';
import { SIGNING_SECRET } from './stack';

/**
 * Slack → app requests for load, signed by the emulator's own signing, sent on a
 * keep-alive pool as Slack's fleet does (the emulator's client opens a connection per
 * request and records every delivery, which a load of thousands does not need), and
 * paced open-loop.
 */

export interface SlashCommand {
  text: string;
  userId: string;
  channelId: string;
  teamId: string;
  /** A response_url the emulator issued, so the bot's follow-up reaches it. */
  responseUrl: string;
}

let triggerSeq = 0;

/** Form body as Slack sends a slash command (`application/x-www-form-urlencoded`). */
export function slashCommandBody(c: SlashCommand): string {
  return new URLSearchParams({
    token: 'bench-verification-token',
    team_id: c.teamId,
    team_domain: 'bench',
    channel_id: c.channelId,
    channel_name: 'bench',
    user_id: c.userId,
    user_name: c.userId.toLowerCase(),
    command: '/incident',
    text: c.text,
    api_app_id: 'ABENCH',
    is_enterprise_install: 'false',
    response_url: c.responseUrl,
    trigger_id: `${Math.floor(Date.now() / 1000)}.${++triggerSeq}.${randomBytes(16).toString('hex')}`,
  }).toString();
}

export interface MessageEventTarget {
  teamId: string;
  appId: string;
  botUserId: string;
  channelId: string;
  userId: string;
}

/**
 * A user's channel message as the Events API sends it. `seq` must differ per event: it
 * makes the event_id (stored once) and the message ts (one timeline row per ts) unique.
 */
export function messageEventBody(t: MessageEventTarget, seq: number, nowMs = Date.now()): string {
  const ts = `${Math.floor(nowMs / 1000)}.${String(seq % 1_000_000).padStart(6, '0')}`;
  return JSON.stringify({
    token: 'bench-verification-token',
    team_id: t.teamId,
    api_app_id: t.appId,
    event: {
      type: 'message',
      client_msg_id: `bench-${seq}`,
      channel: t.channelId,
      user: t.userId,
      text: messageText(seq),
      ts,
      event_ts: ts,
      team: t.teamId,
      channel_type: 'channel',
    },
    type: 'event_callback',
    event_id: `EvBENCH${String(seq).padStart(9, '0')}`,
    event_time: Math.floor(nowMs / 1000),
    authorizations: [
      { enterprise_id: null, team_id: t.teamId, user_id: t.botUserId, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
  });
}

const messageText = (seq: number) => `bench message ${seq}`;

export interface Outcome {
  status: number;
  /** Handing the request to the socket → the whole answer; NaN when it failed. */
  ms: number;
  error?: string;
}

// No socket cap: a slow server gets more concurrent requests, not a queue here.
const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

/** Closes the pooled sockets so the servers under test can stop at once. */
export const closeSockets = () => agent.destroy();

/** POSTs a signed body and times it. Failures resolve (status 0): under load a failure is a data point. */
export function postSigned(
  url: string,
  signingSecret: string,
  body: string,
  contentType: 'application/json' | 'application/x-www-form-urlencoded',
  timeoutMs = 10_000,
): Promise<Outcome> {
  const headers = {
    ...signedHeaders(signingSecret, body, contentType),
    'content-length': String(Buffer.byteLength(body)),
  };
  return new Promise((resolve) => {
    let settled = false;
    const started = performance.now();
    const finish = (status: number, error?: string) => {
      if (settled) return;
      settled = true;
      resolve({ status, ms: status === 200 ? performance.now() - started : Number.NaN, error });
    };
    const req = http.request(url, { method: 'POST', agent, headers, timeout: timeoutMs }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => finish(res.statusCode ?? 0));
      res.on('error', (e) => finish(0, e.message));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (e) => finish(0, e.message));
    req.end(body);
  });
}

/**
 * Calls `send(i)` for request i at start + i/rate regardless of earlier answers (no
 * coordinated omission: a slow server cannot slow the load down), and resolves with
 * every answer once the last one is in.
 */
export async function openLoop<T>(ratePerSec: number, total: number, send: (i: number) => Promise<T>): Promise<T[]> {
  const start = performance.now() + 5;
  const pending: Promise<T>[] = [];
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = dueCount(performance.now() - start, ratePerSec, total);
      while (pending.length < due) pending.push(send(pending.length));
      if (pending.length >= total) return resolve();
      setTimeout(tick, Math.max(0, start + scheduledOffsetMs(pending.length, ratePerSec) - performance.now()));
    };
    setTimeout(tick, 5);
  });
  return Promise.all(pending);
}

interface MixedTraffic {
  url: string;
  /** Where the messages go and who sends them; commands are `/incident <commandText>` there. */
  target: MessageEventTarget;
  commandText: string;
  /** A fresh response_url per command (the emulator issues them). */
  responseUrl: () => string;
  eventsPerSec: number;
  commandsPerSec: number;
  seconds: number;
}

export interface TrafficResult {
  events: Outcome[];
  commands: Outcome[];
  /** The texts of the messages sent, in order: each must be stored as one timeline entry. */
  texts: string[];
}

// Unique across every run of this process, so no event_id or message ts repeats.
let eventSeq = 0;

/** Message events and slash commands side by side, each open-loop at its own rate. */
async function mixedTraffic(t: MixedTraffic): Promise<TrafficResult> {
  const texts: string[] = [];
  const [events, commands] = await Promise.all([
    openLoop(t.eventsPerSec, Math.round(t.eventsPerSec * t.seconds), () => {
      const seq = ++eventSeq;
      texts.push(messageText(seq));
      return postSigned(t.url, SIGNING_SECRET, messageEventBody(t.target, seq), 'application/json');
    }),
    openLoop(t.commandsPerSec, Math.round(t.commandsPerSec * t.seconds), () => {
      const body = slashCommandBody({
        text: t.commandText,
        userId: t.target.userId,
        channelId: t.target.channelId,
        teamId: t.target.teamId,
        responseUrl: t.responseUrl(),
      });
      return postSigned(t.url, SIGNING_SECRET, body, 'application/x-www-form-urlencoded');
    }),
  ]);
  return { events, commands, texts };
}

/**
 * Message events and `/incident status` (each with a fresh response_url) into the
 * incident channel `target`, sent to `url` (Firebreak or the bare app) at the given rates.
 */
export function channelTraffic(emulator: SlackEmulator, target: MessageEventTarget) {
  return (url: string, eventsPerSec: number, commandsPerSec: number, seconds: number) =>
    mixedTraffic({
      url,
      target,
      commandText: 'status',
      responseUrl: () =>
        emulator.workspace.issueResponseUrl({
          channel: target.channelId,
          user: target.userId,
          isEphemeral: true,
          followsReplies: true,
        }).url,
      eventsPerSec,
      commandsPerSec,
      seconds,
    });
}

/** Answers other than 200 (and requests that got none), with the first few reasons. */
export function failures(outcomes: readonly Outcome[]): { count: number; reasons: string[] } {
  const bad = outcomes.filter((o) => o.status !== 200);
  return { count: bad.length, reasons: [...new Set(bad.map((o) => o.error ?? `HTTP ${o.status}`))].slice(0, 5) };
}
