import type { KnownBlock } from '@slack/types';
import type { ChatPostMessageArguments, WebClient } from '@slack/web-api';

const METADATA_TYPE = 'firebreak_delivery';
/** Our clock and Slack's may disagree a little: look this much further back than the attempt's start. */
const CLOCK_MARGIN_MS = 5 * 60_000;
/** Without a known start, how far back an earlier try can have posted. */
const DEFAULT_LOOKBACK_MS = 24 * 3_600_000;
const PAGE_SIZE = 200;

/**
 * chat.postMessage carrying `key` as message metadata. Slack has no idempotency
 * key, so when an earlier attempt may have posted (it crashed, or lost its lease,
 * between Slack's answer and recording it), the history since that attempt began
 * (`since`) is searched for the key first, every page of it: a busy channel can
 * bury the message under more than one page. A message to a user id goes to the
 * bot's DM with them.
 */
export async function postOnce(
  client: WebClient,
  message: { channel: string; text: string; blocks?: KnownBlock[]; thread_ts?: string },
  ctx: { key: string; resumed: boolean; since?: Date },
): Promise<string | undefined> {
  if (ctx.resumed) {
    const since = ctx.since ? ctx.since.getTime() : Date.now() - DEFAULT_LOOKBACK_MS;
    // A thread reply is not in the channel's history, only in its thread.
    const found = message.thread_ts
      ? await findReplyByKey(client, message.channel, message.thread_ts, ctx.key, since - CLOCK_MARGIN_MS)
      : await findByKey(client, message.channel, ctx.key, since - CLOCK_MARGIN_MS);
    if (found) return found;
  }
  const res = await client.chat.postMessage({
    ...message,
    metadata: { event_type: METADATA_TYPE, event_payload: { key: ctx.key } },
  } as unknown as ChatPostMessageArguments);
  return res.ts;
}

type Stamped = { ts?: string; metadata?: { event_payload?: { key?: string } } };
type Page = { messages?: unknown[]; has_more?: boolean; response_metadata?: { next_cursor?: string } };

async function findByKey(client: WebClient, to: string, key: string, oldestMs: number): Promise<string | undefined> {
  const channel = /^[UW]/.test(to) ? (await client.conversations.open({ users: to })).channel?.id : to;
  if (!channel) return undefined;
  const oldest = (oldestMs / 1000).toFixed(6);
  return findInPages(key, (cursor) =>
    client.conversations.history({
      channel,
      oldest,
      limit: PAGE_SIZE,
      include_all_metadata: true,
      ...(cursor ? { cursor } : {}),
    }),
  );
}

async function findReplyByKey(
  client: WebClient,
  channel: string,
  threadTs: string,
  key: string,
  oldestMs: number,
): Promise<string | undefined> {
  const oldest = (oldestMs / 1000).toFixed(6);
  return findInPages(key, (cursor) =>
    client.conversations.replies({
      channel,
      ts: threadTs,
      oldest,
      limit: PAGE_SIZE,
      include_all_metadata: true,
      ...(cursor ? { cursor } : {}),
    }),
  );
}

/** Follows the cursor of a history or replies listing until the message stamped with `key` turns up. */
async function findInPages(
  key: string,
  page: (cursor: string | undefined) => Promise<Page>,
): Promise<string | undefined> {
  let cursor: string | undefined;
  do {
    const got = await page(cursor);
    const hit = ((got.messages ?? []) as Stamped[]).find((m) => m.metadata?.event_payload?.key === key);
    if (hit) return hit.ts;
    cursor = got.has_more ? got.response_metadata?.next_cursor || undefined : undefined;
  } while (cursor);
  return undefined;
}
