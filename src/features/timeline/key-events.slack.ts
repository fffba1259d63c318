import { z } from 'zod';
import type { SlackDeps } from '../../kernel/slack/deps';
import type { Listeners } from '../../kernel/slack/listener-router';
import type { RemindersNeed } from '../updates/reminders.ports';
import { markKey } from './timeline';

const envelope = z.object({ event_id: z.string() });
const pin = z.object({
  channel_id: z.string(),
  user: z.string().optional(),
  item: z.object({
    type: z.literal('message'),
    message: z.object({
      ts: z.string(),
      user: z.string().optional(),
      bot_id: z.string().optional(),
      text: z.string().default(''),
      thread_ts: z.string().optional(),
    }),
  }),
});
const reaction = z.object({
  reaction: z.string(),
  user: z.string().optional(),
  item: z.object({ type: z.literal('message'), channel: z.string(), ts: z.string() }),
});

export const KEY_REACTION = 'pushpin';

/**
 * A pin or a :pushpin: makes a message part of the key timeline, at its original
 * time; whoever marked it took part, and the bot confirms the mark on the message.
 */
export function registerKeyEvents(app: Listeners, deps: SlackDeps<RemindersNeed>): void {
  app.event('pin_added', async ({ event, body }) => {
    const p = pin.safeParse(event);
    if (!p.success) return;
    const m = p.data.item.message;
    const author = m.user ?? m.bot_id;
    // A pin carries its message: addMessage records it if its own event has not come yet.
    await markKey(deps, {
      eventId: envelope.parse(body).event_id,
      channelId: p.data.channel_id,
      ts: m.ts,
      reason: 'pin',
      by: p.data.user,
      message: author
        ? { user: author, text: m.text, threadTs: m.thread_ts && m.thread_ts !== m.ts ? m.thread_ts : null }
        : undefined,
    });
  });

  app.event('reaction_added', async ({ event, body }) => {
    const r = reaction.safeParse(event);
    if (!r.success || r.data.reaction !== KEY_REACTION) return;
    const result = await markKey(deps, {
      eventId: envelope.parse(body).event_id,
      channelId: r.data.item.channel,
      ts: r.data.item.ts,
      reason: 'reaction',
      by: r.data.user,
    });
    if (!result.ok && result.error.kind !== 'not_incident_channel')
      deps.log.info('pushpin on a message that is not recorded', { channel: r.data.item.channel });
  });
}
