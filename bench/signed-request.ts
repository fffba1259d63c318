import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';

/**
 * Slack → app requests built by hand, as Slack builds them. The emulator's own
 * client is not used for load: it records every delivery (memory, time) and opens
 * a fresh connection per request, neither of which Slack's fleet does.
 */

export interface SlashCommand {
  command: string;
  text: string;
  userId: string;
  channelId: string;
  teamId: string;
  /** Must be a response_url the emulator issued, so the bot's follow-up respond() succeeds. */
  responseUrl: string;
}

/** Form body field for field as Slack sends a slash command (`application/x-www-form-urlencoded`). */
export function slashCommandBody(c: SlashCommand, triggerId = newTriggerId()): string {
  return new URLSearchParams({
    token: 'bench-verification-token',
    team_id: c.teamId,
    team_domain: 'bench',
    channel_id: c.channelId,
    channel_name: 'bench',
    user_id: c.userId,
    user_name: c.userId.toLowerCase(),
    command: c.command,
    text: c.text,
    api_app_id: 'ABENCH',
    is_enterprise_install: 'false',
    response_url: c.responseUrl,
    trigger_id: triggerId,
  }).toString();
}

/** Same shape as Slack's (`<unix s>.<n>.<hex>`); nothing on the status path redeems it. */
let triggerSeq = 0;
export function newTriggerId(): string {
  return `${Math.floor(Date.now() / 1000)}.${++triggerSeq}.${randomBytes(16).toString('hex')}`;
}

export interface MessageEventTarget {
  teamId: string;
  appId: string;
  botUserId: string;
  channelId: string;
  userId: string;
}

/**
 * A user's channel message as Slack's Events API sends it (`event_callback`, JSON).
 * `seq` must differ per event: it makes both the event_id (Firebreak stores each
 * id once) and the message ts (one timeline row per ts) unique, so every 200
 * means one new row.
 */
export function messageEventBody(t: MessageEventTarget, seq: number, nowMs = Date.now()): string {
  const ts = `${Math.floor(nowMs / 1000)}.${String(seq).padStart(6, '0')}`;
  return JSON.stringify({
    token: 'bench-verification-token',
    team_id: t.teamId,
    context_team_id: t.teamId,
    api_app_id: t.appId,
    event: {
      type: 'message',
      client_msg_id: `bench-${seq}`,
      channel: t.channelId,
      user: t.userId,
      text: `bench message ${seq}`,
      ts,
      event_ts: ts,
      team: t.teamId,
      channel_type: 'channel',
    },
    type: 'event_callback',
    event_id: `EvBENCH${String(seq).padStart(8, '0')}`,
    event_time: Math.floor(nowMs / 1000),
    authorizations: [
      { enterprise_id: null, team_id: t.teamId, user_id: t.botUserId, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
  });
}

/** `v0=` + HMAC-SHA256(secret, `v0:{ts}:{body}`): Slack's request signature. */
export function slackSignature(signingSecret: string, timestampSec: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${body}`).digest('hex')}`;
}

export function signedHeaders(
  signingSecret: string,
  body: string,
  nowMs = Date.now(),
  contentType = 'application/x-www-form-urlencoded',
): Record<string, string> {
  // Real time: Bolt refuses timestamps more than 5 minutes off.
  const ts = Math.floor(nowMs / 1000);
  return {
    'content-type': contentType,
    'content-length': String(Buffer.byteLength(body)),
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': slackSignature(signingSecret, ts, body),
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
  };
}

export interface PostOutcome {
  status: number;
  /** ms from handing the request to the socket until the whole answer (headers and body) arrived. */
  latencyMs: number;
  /** performance.now() when the answer was complete. */
  doneAt: number;
  error?: string;
}

/**
 * POSTs and times one request. Errors and timeouts resolve (status 0) rather than
 * reject: under load a failure is a data point, not a reason to stop.
 */
export function postTimed(
  agent: http.Agent,
  url: URL,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<PostOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (status: number, error?: string) => {
      if (settled) return;
      settled = true;
      const doneAt = performance.now();
      resolve({ status, latencyMs: doneAt - startedAt, doneAt, error });
    };
    const req = http.request(url, { method: 'POST', agent, headers, timeout: timeoutMs }, (res) => {
      // The ack body is tiny; drain it so the socket goes back to the keep-alive pool.
      res.on('data', () => undefined);
      res.on('end', () => finish(res.statusCode ?? 0));
      res.on('error', (e) => finish(0, e.message));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (e) => finish(0, e.message));
    const startedAt = performance.now();
    req.end(body);
  });
}
