import { type DeliveryDeps, ignoring, type NoticeDeliveries } from '../../kernel/outbox/deliveries';
import { step } from '../../kernel/outbox/outbox';
import { postOnce } from '../../kernel/outbox/post-once';
import { noteMessage } from './timeline.view';

/** The bot's mark on a pinned or :pushpin:-ed message: it is in the key timeline now. */
const KEY_CONFIRMATION = 'white_check_mark';

export function timelineDeliveries(deps: DeliveryDeps): Pick<NoticeDeliveries, 'note_added' | 'key_marked'> {
  const { client } = deps;
  return {
    note_added: ({ incident, text, actor, toStakeholders }) => [
      step('post note', (ctx) =>
        postOnce(client, { channel: incident.channelId, ...noteMessage(text, actor, toStakeholders) }, ctx),
      ),
    ],
    // Reactions are idempotent by nature: a resumed delivery finding its own mark is done.
    key_marked: ({ incident, ts }) => [
      step('confirm mark', () =>
        ignoring('already_reacted', () =>
          client.reactions.add({ channel: incident.channelId, timestamp: ts, name: KEY_CONFIRMATION }),
        ),
      ),
    ],
  };
}
