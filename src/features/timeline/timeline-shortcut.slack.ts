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
    const m = shortcut.message;
    const author = m.user ?? (m as { bot_id?: string }).bot_id ?? 'unknown';
    await deps.inflight.commitThenAck(
      ack,
      () =>
        markKey(deps, {
          channelId: shortcut.channel.id,
          actor: shortcut.user.id,
          ts: shortcut.message_ts,
          reason: 'shortcut',
          message: {
            user: author,
            text: m.text ?? '',
            threadTs: m.thread_ts && m.thread_ts !== m.ts ? m.thread_ts : null,
          },
        }),
      async (outcome) => {
        let text: string;
        if (!outcome.ok) {
          deps.log.error('timeline shortcut failed', { error: outcome.error });
          text = failureText(outcome.error);
        } else if (!outcome.value.ok) text = timelineRefusalText(outcome.value.error);
        else
          text =
            outcome.value.value === 'marked'
              ? ':bookmark: Added to the key timeline.'
              : 'That message is already in the key timeline.';
        await respond({ response_type: 'ephemeral', text }).catch(() => undefined);
      },
    );
  });
}
