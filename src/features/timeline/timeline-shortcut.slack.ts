import type { MessageShortcut } from '@slack/bolt';
import type { SlackDeps } from '../../kernel/slack/deps';
import { failureText } from '../../kernel/slack/failure-text';
import type { Listeners } from '../../kernel/slack/listener-router';
import type { RemindersNeed } from '../updates/reminders.ports';
import { markKey } from './timeline';
import { TIMELINE_SHORTCUT } from './timeline.ids';
import { timelineRefusalText } from './timeline.refusal-text';

/** The "Add to incident timeline" message shortcut. */
export function registerTimelineShortcut(app: Listeners, deps: SlackDeps<RemindersNeed>): void {
  app.shortcut<MessageShortcut>(TIMELINE_SHORTCUT, async ({ ack, shortcut, respond }) => {
    await ack();
    deps.inflight.afterAck(async () => {
      const m = shortcut.message;
      try {
        const author = m.user ?? (m as { bot_id?: string }).bot_id ?? 'unknown';
        const result = await markKey(deps, {
          channelId: shortcut.channel.id,
          actor: shortcut.user.id,
          ts: shortcut.message_ts,
          reason: 'shortcut',
          message: {
            user: author,
            text: m.text ?? '',
            threadTs: m.thread_ts && m.thread_ts !== m.ts ? m.thread_ts : null,
          },
        });
        const text = result.ok
          ? result.value === 'marked'
            ? ':bookmark: Added to the key timeline.'
            : 'That message is already in the key timeline.'
          : timelineRefusalText(result.error);
        await respond({ response_type: 'ephemeral', text });
      } catch (e) {
        deps.log.error('timeline shortcut failed', { error: e });
        await respond({ response_type: 'ephemeral', text: failureText(e) }).catch(() => undefined);
      }
    });
  });
}
