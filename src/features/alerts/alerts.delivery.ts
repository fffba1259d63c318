import type { DeliveryDeps, NoticeDeliveries } from '../../kernel/outbox/deliveries';
import { step } from '../../kernel/outbox/outbox';
import { postOnce } from '../../kernel/outbox/post-once';
import type { AlertRepositories } from './alerts.ports';
import { alertPromptMessage, alertPromptResolvedMessage, alertResolvedMessage } from './alerts.view';

export function alertDeliveries(
  deps: DeliveryDeps<AlertRepositories>,
): Pick<NoticeDeliveries, 'alert_prompted' | 'alert_prompt_resolved' | 'alert_resolved'> {
  return {
    alert_prompted: (notice) => [
      step('post alert prompt', async (ctx) => {
        // No announcement channel, no prompt: the alert still attaches to an incident someone declares by hand.
        if (!deps.policy.announcementChannel) return;
        const posted = await deps.announcements.postTo(
          deps.policy.announcementChannel,
          alertPromptMessage(notice.prompt),
          ctx,
        );
        if (posted.ts) await deps.uow.alerts.setPromptMessage(notice.prompt.id, posted.channel, posted.ts);
      }),
    ],
    alert_prompt_resolved: (notice) => [
      step('redraw alert prompt', async () => {
        // Its post comes first in the same lane; with no announcement channel there is nothing to redraw.
        const posted = await deps.uow.alerts.findPrompt(notice.prompt.id);
        if (!posted?.channelId || !posted.messageTs) return;
        await deps.client.chat.update({
          channel: posted.channelId,
          ts: posted.messageTs,
          ...alertPromptResolvedMessage(notice.prompt),
        });
      }),
    ],
    // In the incident's own channel only, so a private incident's alert is seen by its people alone.
    alert_resolved: (notice) => [
      step('post alert resolved', (ctx) =>
        postOnce(
          deps.client,
          { channel: notice.incident.channelId, ...alertResolvedMessage(notice.incident, notice.origin) },
          ctx,
        ),
      ),
    ],
  };
}
