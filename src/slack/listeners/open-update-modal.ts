import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { incidentForChannel } from '../../app/query-incidents';
import type { SlackDeps } from '../deps';
import { failureText } from '../failure-text';
import { refusalText } from '../refusal-text';
import { updateModal } from '../views/update-modal.view';
import { slackErrorCode } from '../web-api-errors';

/** Shared by `/incident update` and the "Post update" button on a nudge. */
export async function openUpdateModal(
  client: WebClient,
  deps: SlackDeps,
  o: { triggerId: string; channelId: string; text: string; respond?: RespondFn; user?: string },
): Promise<void> {
  const tell = async (text: string) => {
    if (o.respond) await o.respond({ response_type: 'ephemeral', text }).catch(() => undefined);
    else if (o.user) await client.chat.postEphemeral({ channel: o.channelId, user: o.user, text }).catch(() => undefined);
  };
  try {
    const incident = await incidentForChannel(deps.uow, o.channelId);
    if (!incident) return tell(refusalText({ kind: 'not_incident_channel' }));
    if (incident.status === 'closed' || incident.status === 'cancelled') return tell(refusalText({ kind: 'incident_finished', status: incident.status }));
    const every = incident.severity ? deps.policy.severities[incident.severity].updateEvery : deps.policy.severities.SEV4.updateEvery;
    await client.views.open({ trigger_id: o.triggerId, view: updateModal(incident, o.text, every) });
  } catch (e) {
    const code = slackErrorCode(e);
    deps.log.warn('could not open the update modal', { code, error: e });
    await tell((e as { data?: unknown }).data ? `:warning: Slack would not open the update form (\`${code}\`). Try \`/incident update\` again.` : failureText(e));
  }
}
