import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { RemindersNeed } from '../../app/reminders.ports';
import type { SlackDeps } from '../../kernel/slack/deps';
import { slackErrorCode } from '../../kernel/slack/web-api-errors';
import type { FeedbackRepositories } from '../feedback/feedback.ports';
import type { RecoveryRepositories } from '../recovery/recovery.ports';
import type { ChannelGateway } from './channel.ports';
import { declareModal } from './declare-modal.view';

export interface DeclareOrigin {
  triggerId: string;
  title: string;
  drill: boolean;
  user: string;
  channelId: string;
  responseUrl: string;
  respond: RespondFn;
}

/** The trigger lives 3 s and works once: open the modal before anything slow. */
export async function openDeclareModal(
  client: WebClient,
  deps: SlackDeps<RemindersNeed & FeedbackRepositories & RecoveryRepositories> & { channels: ChannelGateway },
  o: DeclareOrigin,
): Promise<void> {
  const privateMetadata = JSON.stringify({
    channel: o.channelId,
    responseUrl: o.responseUrl,
    ...(o.drill ? { drill: true } : {}),
  });
  try {
    await client.views.open({
      trigger_id: o.triggerId,
      view: declareModal({
        title: o.title,
        declarer: o.user,
        categories: deps.policy.categories,
        privateMetadata,
        drillPlans: o.drill ? deps.policy.plans : undefined,
      }),
    });
  } catch (e) {
    const code = slackErrorCode(e);
    deps.log.warn('could not open the declare modal', { code });
    await o
      .respond({
        response_type: 'ephemeral',
        text: `:warning: Slack would not open the declare form (\`${code}\`). Run \`/incident declare\` again.`,
      })
      .catch(() => undefined);
  }
}
