import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import type { BotResponse } from './types';

// The emulator's side of Slack → app requests: signed exactly as Slack signs
// them, so the bot's real signature check (Bolt's) runs in every test.

export const BOT_REQUEST_TIMEOUT_MS = 10_000;

/** `v0=` + HMAC-SHA256(secret, `v0:{ts}:{body}`), Slack's request signature. */
export function signature(signingSecret: string, timestampSec: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${body}`).digest('hex')}`;
}

/** Headers Slack puts on a request; the timestamp is real time because Bolt rejects skew over 5 minutes. */
export function signedHeaders(signingSecret: string, body: string, contentType: string): Record<string, string> {
  const ts = Math.floor(Date.now() / 1000);
  return {
    'content-type': contentType,
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': signature(signingSecret, ts, body),
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
  };
}

/** POSTs to the bot and returns its answer; JSON bodies come back parsed. */
export function postToBot(endpoint: string, body: string, headers: Record<string, string>): Promise<BotResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(endpoint);
    const req = request(
      url,
      {
        method: 'POST',
        // No keep-alive: a pooled socket would hold the bot's server open on stop().
        agent: false,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        timeout: BOT_REQUEST_TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const isJson = /json/i.test(String(res.headers['content-type'] ?? ''));
          let parsed: unknown = text;
          if (isJson && text) {
            try {
              parsed = JSON.parse(text);
            } catch {
              parsed = text;
            }
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`bot did not answer ${endpoint} within ${BOT_REQUEST_TIMEOUT_MS} ms`)),
    );
    req.on('error', reject);
    req.end(body);
  });
}
