import { isOneOfItsPeople } from '../../kernel/incident/query-incidents';
import type { DeliveryDeps, NoticeDeliveries } from '../../kernel/outbox/deliveries';
import { step } from '../../kernel/outbox/outbox';
import { postOnce } from '../../kernel/outbox/post-once';
import { followupAddedMessage, followupAssignedDm, redactedFollowupAssignedDm } from './team-notices.view';

export function followupDeliveries(deps: DeliveryDeps): Pick<NoticeDeliveries, 'followup_added' | 'followup_done'> {
  const { client, uow, botUserId } = deps;
  return {
    /** The owner learns of it when it is given, as the rule of private incidents allows: details only to its people. */
    followup_added: ({ incident, followup, actor, ownerOnly }) => {
      const { tickets } = deps.policy;
      const untracked =
        tickets && incident.isPrivate && !tickets.includePrivate ? (tickets.kind === 'jira' ? 'Jira' : 'GitHub') : null;
      const steps =
        ownerOnly === true
          ? []
          : [
              step('post follow-up', (ctx) =>
                postOnce(
                  client,
                  { channel: incident.channelId, ...followupAddedMessage(followup, actor, untracked) },
                  ctx,
                ),
              ),
            ];
      const owner = followup.owner;
      if (owner && owner !== botUserId) {
        steps.push(
          step('DM follow-up owner', async (ctx) => {
            const message = (await isOneOfItsPeople(uow, incident, owner))
              ? followupAssignedDm(incident, followup, actor)
              : redactedFollowupAssignedDm(incident, followup, actor);
            await postOnce(client, { channel: owner, ...message }, ctx);
          }),
        );
      }
      return steps;
    },
    // The Done click answers in place; only other tools hear of it (webhooks).
    followup_done: () => [],
  };
}
