import { z } from 'zod';
import type { SlackDeps } from '../../kernel/slack/deps';
import type { Listeners } from '../../kernel/slack/listener-router';
import type { RemindersNeed } from '../updates/reminders.ports';
import { recordDeletion, recordEdit, recordMessage } from './timeline';

const envelope = z.object({ event_id: z.string() });
const posted = z.object({
  subtype: z.enum(['thread_broadcast', 'file_share']).optional(),
  channel: z.string(),
  user: z.string(),
  text: z.string().default(''),
  ts: z.string(),
  thread_ts: z.string().optional(),
  bot_id: z.string().optional(),
});
const changed = z.object({
  subtype: z.literal('message_changed'),
  channel: z.string(),
  message: z.object({
    ts: z.string(),
    text: z.string().default(''),
    bot_id: z.string().optional(),
    edited: z.object({ ts: z.string() }).optional(),
  }),
  event_ts: z.string().optional(),
  ts: z.string().optional(),
});
const deleted = z.object({ subtype: z.literal('message_deleted'), channel: z.string(), deleted_ts: z.string() });

/**
 * Records the channel's conversation as it happens: Slack's history API is too
 * rate-limited to rebuild it later. Each event returns only once its effect is
 * committed (Bolt answers after the listener: processBeforeResponse), and any
 * failure throws, so Slack gets a 500 and delivers the event again instead of it
 * being lost. Edits and deletions may come before their message (its first
 * delivery failed): the repository keeps them until it comes.
 */
export function registerMessageEvents(app: Listeners, deps: SlackDeps<RemindersNeed>): void {
  app.event('message', async ({ event, body }) => {
    const { event_id: eventId } = envelope.parse(body);
    const e = event as { subtype?: string };
    if (e.subtype === 'message_changed') {
      const c = changed.safeParse(event);
      if (!c.success || c.data.message.bot_id) return;
      // The edit's own time orders edits, not their arrival: Slack retries each on its own schedule.
      const editTs = c.data.message.edited?.ts ?? c.data.event_ts ?? c.data.ts ?? c.data.message.ts;
      await recordEdit(deps, {
        eventId,
        channelId: c.data.channel,
        ts: c.data.message.ts,
        text: c.data.message.text,
        editTs,
      });
      return;
    }
    if (e.subtype === 'message_deleted') {
      const d = deleted.safeParse(event);
      if (!d.success) return;
      await recordDeletion(deps, { eventId, channelId: d.data.channel, ts: d.data.deleted_ts });
      return;
    }
    // Joins, topic changes, bot posts and the like are not part of the conversation.
    const p = posted.safeParse(event);
    if (!p.success || p.data.bot_id) return;
    await recordMessage(deps, {
      eventId,
      channelId: p.data.channel,
      user: p.data.user,
      text: p.data.text,
      ts: p.data.ts,
      threadTs: p.data.thread_ts && p.data.thread_ts !== p.data.ts ? p.data.thread_ts : null,
    });
  });
}
