import { broadcast, type DeliveryDeps, dmItsPeople, type NoticeDeliveries } from '../../kernel/outbox/deliveries';
import { headerRedraw } from '../../kernel/outbox/lifecycle.delivery';
import { step } from '../../kernel/outbox/outbox';
import { postOnce } from '../../kernel/outbox/post-once';
import { reminderSteps } from './reminders.delivery';
import type { RemindersNeed } from './reminders.ports';
import { updateMessage } from './update-notices.view';

export function updateDeliveries(
  deps: DeliveryDeps<RemindersNeed>,
): Pick<NoticeDeliveries, 'update_posted' | 'reminder_fired'> {
  const { client, uow, policy, announcements } = deps;
  return {
    update_posted: ({ incident, text, actor, nextUpdateDue, subscribers, fieldsChanged }) => {
      const message = updateMessage(incident, text, actor, nextUpdateDue);
      const steps = [step('post update', (ctx) => postOnce(client, { channel: incident.channelId, ...message }, ctx))];
      if (fieldsChanged) steps.push(headerRedraw(deps, incident));
      // Private incidents reach only their subscribers, never a shared channel. Without a
      // stakeholder channel of its own, the update goes in the announcement's thread.
      if (broadcast(incident)) {
        steps.push(announcements.redraw(incident));
        const own = policy.stakeholderChannel;
        steps.push(
          own
            ? step('update stakeholders', (ctx) => announcements.postTo(own, message, ctx))
            : announcements.reply(incident, message, 'update stakeholders'),
        );
      }
      for (const user of subscribers)
        steps.push(
          dmItsPeople(uow, 'DM subscriber', incident, user, (ctx) =>
            postOnce(client, { channel: user, ...message }, ctx),
          ),
        );
      return steps;
    },
    reminder_fired: (notice) => reminderSteps(deps, notice),
  };
}
