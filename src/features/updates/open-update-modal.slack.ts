import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { isOpen } from '../../domain/status';
import { updateInterval } from '../../domain/update-choices';
import { incidentForChannel, isOneOfItsPeople } from '../../kernel/incident/query-incidents';
import type { SlackDeps } from '../../kernel/slack/deps';
import { failureText } from '../../kernel/slack/failure-text';
import { slackErrorCode } from '../../kernel/slack/web-api-errors';
import type { RemindersNeed } from './reminders.ports';
import { nudgeOverText } from './reminders.view';
import { updateModal } from './update-modal.view';
import { updatesRefusalText } from './updates.refusal-text';

/**
 * Shared by `/incident update` and the "Post update" buttons. A button names its
 * incident (`incidentNumber`): a nudge's may be clicked in a DM. A nudge's button
 * (`nudge`) stops working once the incident is resolved: no update is owed then.
 */
export async function openUpdateModal(
  client: WebClient,
  deps: SlackDeps<RemindersNeed>,
  options: {
    triggerId: string;
    channelId: string;
    text: string;
    respond?: RespondFn;
    user: string;
    incidentNumber?: number;
    nudge?: boolean;
  },
): Promise<void> {
  const tell = async (text: string) => {
    if (options.respond)
      await options.respond({ response_type: 'ephemeral', replace_original: false, text }).catch(() => undefined);
    else
      await client.chat.postEphemeral({ channel: options.channelId, user: options.user, text }).catch(() => undefined);
  };
  try {
    const incident =
      options.incidentNumber === undefined
        ? await incidentForChannel(deps.uow, options.channelId)
        : await deps.uow.incidents.findByNumber(options.incidentNumber);
    if (!incident) return tell(updatesRefusalText({ kind: 'not_incident_channel' }));
    if (!(await isOneOfItsPeople(deps.uow, incident, options.user)))
      return tell(updatesRefusalText({ kind: 'not_visible' }));
    if (options.nudge && !isOpen(incident.status)) return tell(nudgeOverText(incident.status));
    if (incident.status === 'closed' || incident.status === 'cancelled')
      return tell(updatesRefusalText({ kind: 'incident_finished', status: incident.status }));
    await client.views.open({
      trigger_id: options.triggerId,
      view: updateModal(incident, options.text, updateInterval(incident.severity, deps.policy)),
    });
  } catch (e) {
    const code = slackErrorCode(e);
    deps.log.warn('could not open the update modal', { code, error: e });
    await tell(
      (e as { data?: unknown }).data
        ? `:warning: Slack would not open the update form (\`${code}\`). Try \`/incident update\` again.`
        : failureText(e),
    );
  }
}
