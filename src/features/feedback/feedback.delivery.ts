import { type DeliveryDeps, dmItsPeople, type NoticeDeliveries } from '../../kernel/outbox/deliveries';
import { postOnce } from '../../kernel/outbox/post-once';
import { feedbackRequestMessage } from './feedback.view';

export function feedbackDeliveries(deps: DeliveryDeps): Pick<NoticeDeliveries, 'feedback_requested'> {
  return {
    // One step per person, so a retried delivery DMs nobody twice.
    feedback_requested: (notice) =>
      notice.users.map((user) =>
        dmItsPeople(deps.uow, 'DM feedback request', notice.incident, user, (ctx) =>
          postOnce(deps.client, { channel: user, ...feedbackRequestMessage(notice.incident) }, ctx),
        ),
      ),
  };
}
