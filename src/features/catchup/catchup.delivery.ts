import type { Clock } from '../../kernel/clock';
import { isOneOfItsPeople } from '../../kernel/incident/query-incidents';
import { type DeliveryDeps, ignoring, type NoticeDeliveries } from '../../kernel/outbox/deliveries';
import { step } from '../../kernel/outbox/outbox';
import { readCatchup } from './catchup';
import type { CatchupNeed } from './catchup.ports';
import { catchupCard } from './catchup.view';

export function catchupDeliveries(
  deps: DeliveryDeps<CatchupNeed> & { clock: Clock },
): Pick<NoticeDeliveries, 'catchup_owed'> {
  const { client, uow } = deps;
  return {
    // Read when sent, not when owed: the card shows the incident as it stands. An ephemeral message cannot be looked
    // up, so a retry after a lost answer may show it twice, to that one person only.
    catchup_owed: ({ incident, user }) => [
      step('catch-up card', async () => {
        const now = await uow.incidents.findById(incident.id);
        if (!now || !(await isOneOfItsPeople(uow, now, user))) return;
        const card = catchupCard(await readCatchup(uow, now, deps.clock.now(), deps.policy));
        // Gone again before the card went out: nothing to show them.
        await ignoring('user_not_in_channel', () =>
          client.chat.postEphemeral({ channel: now.channelId, user, ...card }),
        );
      }),
    ],
  };
}
