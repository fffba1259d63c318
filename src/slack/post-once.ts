import type { KnownBlock } from '@slack/types';
import type { ChatPostMessageArguments, WebClient } from '@slack/web-api';

const METADATA_TYPE = 'firebreak_delivery';

/**
 * chat.postMessage carrying `key` as message metadata. Slack has no idempotency
 * key, so when an earlier attempt may have posted (it crashed, or lost its lease,
 * between Slack's answer and recording it), the recent history is searched for
 * the key first. A message to a user id goes to the bot's DM with them.
 */
export async function postOnce(
  client: WebClient,
  message: { channel: string; text: string; blocks?: KnownBlock[] },
  ctx: { key: string; resumed: boolean },
): Promise<string | undefined> {
  if (ctx.resumed) {
    const found = await findByKey(client, message.channel, ctx.key);
    if (found) return found;
  }
  const res = await client.chat.postMessage({
    ...message,
    metadata: { event_type: METADATA_TYPE, event_payload: { key: ctx.key } },
  } as unknown as ChatPostMessageArguments);
  return res.ts;
}

async function findByKey(client: WebClient, to: string, key: string): Promise<string | undefined> {
  const channel = /^[UW]/.test(to) ? (await client.conversations.open({ users: to })).channel?.id : to;
  if (!channel) return undefined;
  const history = await client.conversations.history({ channel, limit: 50, include_all_metadata: true });
  const hit = (history.messages ?? []).find((m) => (m as { metadata?: { event_payload?: { key?: string } } }).metadata?.event_payload?.key === key);
  return hit?.ts;
}
