import type { Incident } from '../../domain/incident';
import type { OfferedGuide } from '../../domain/recovery';
import type { DeliveryDeps, NoticeDeliveries } from '../../kernel/outbox/deliveries';
import { type DeliveryStep, step } from '../../kernel/outbox/outbox';
import { postOnce } from '../../kernel/outbox/post-once';
import type { RecoveryRepositories } from './recovery.ports';
import { checklistMessage, drillDueMessage } from './recovery.view';

type Deps = DeliveryDeps<RecoveryRepositories>;

export function recoveryDeliveries(
  deps: Deps,
): Pick<NoticeDeliveries, 'recovery_offered' | 'step_ticked' | 'drill_due'> {
  return {
    recovery_offered: (notice) => recoveryOffered(deps, notice.incident, notice.guide),
    step_ticked: (notice) => [redrawChecklist(deps, notice.incident)],
    drill_due: (notice) =>
      notice.owners.map((owner) =>
        step('DM drill owner', (ctx) => postOnce(deps.client, { channel: owner, ...drillDueMessage(notice) }, ctx)),
      ),
  };
}

function recoveryOffered(deps: Deps, incident: Incident, guide: OfferedGuide): DeliveryStep[] {
  const { client, uow } = deps;
  const channel_id = incident.channelId;
  const links = [guide.runbook, guide.plan].filter((link): link is { title: string; url: string } => !!link);
  return [
    ...links.map((link) =>
      step('bookmark', async (ctx) => {
        // An earlier attempt whose answer was lost may have added it: bookmarks have no idempotency key, so look first.
        if (ctx.resumed) {
          const { bookmarks } = await client.bookmarks.list({ channel_id });
          if (bookmarks?.some((bookmark) => bookmark.link === link.url)) return;
        }
        await client.bookmarks.add({ channel_id, type: 'link', title: link.title.slice(0, 100), link: link.url });
      }),
    ),
    step('post checklist', async (ctx) => {
      const ts = await postOnce(client, { channel: channel_id, ...checklistMessage(incident, guide, []) }, ctx);
      if (ts) await uow.recovery.setMessageTs(incident.id, ts);
    }),
  ];
}

/** Drawn from the steps stored as done, so redraws in any order end on the same, complete message. */
function redrawChecklist(deps: Deps, incident: Incident): DeliveryStep {
  return step('update checklist', async () => {
    const checklist = await deps.uow.recovery.get(incident.id);
    if (!checklist?.messageTs) return;
    await deps.client.chat.update({
      channel: incident.channelId,
      ts: checklist.messageTs,
      ...checklistMessage(incident, checklist.guide, checklist.doneSteps),
    });
  });
}
