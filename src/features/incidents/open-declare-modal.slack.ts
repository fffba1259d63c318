import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { ModalOpeners } from '../../kernel/slack/incident-command';
import { slackErrorCode } from '../../kernel/slack/web-api-errors';
import { declareModal } from './declare-modal.view';
import type { IncidentsSlackDeps } from './incidents.ports';

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
  deps: IncidentsSlackDeps,
  origin: DeclareOrigin,
): Promise<void> {
  const privateMetadata = JSON.stringify({
    channel: origin.channelId,
    responseUrl: origin.responseUrl,
    ...(origin.drill ? { drill: true } : {}),
  });
  try {
    await client.views.open({
      trigger_id: origin.triggerId,
      view: declareModal({
        title: origin.title,
        declarer: origin.user,
        categories: deps.policy.categories,
        types: deps.policy.types,
        privateMetadata,
        drillPlans: origin.drill ? deps.policy.plans : undefined,
      }),
    });
  } catch (e) {
    const code = slackErrorCode(e);
    deps.log.warn('could not open the declare modal', { code });
    await origin
      .respond({
        response_type: 'ephemeral',
        text: `:warning: Slack would not open the declare form (\`${code}\`). Run \`/incident declare\` again.`,
      })
      .catch(() => undefined);
  }
}

/** `/incident declare [title]` and `/incident drill [title]` open the declare modal. */
export const openDeclareFromCommand: ModalOpeners<IncidentsSlackDeps>['declare'] = (command, origin, deps) =>
  openDeclareModal(origin.client, deps, {
    triggerId: origin.triggerId,
    title: command.title,
    drill: command.drill ?? false,
    user: origin.user,
    channelId: origin.channelId,
    responseUrl: origin.responseUrl,
    respond: origin.respond,
  });
