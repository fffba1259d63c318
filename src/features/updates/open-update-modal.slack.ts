import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { isOpen } from '../../domain/status';
import { publicComponents, statusPageOffered } from '../../domain/status-page';
import { updateInterval } from '../../domain/update-choices';
import { incidentForChannel, isOneOfItsPeople } from '../../kernel/incident/query-incidents';
import type { SlackDeps } from '../../kernel/slack/deps';
import { modalFailureText, tellOpener } from '../../kernel/slack/modal-opening';
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
  const tell = tellOpener(client, options);
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
      view: updateModal(
        incident,
        options.text,
        updateInterval(incident.severity, deps.policy, incident.type),
        statusPageOffered(incident, deps.policy.statusPage)
          ? { components: publicComponents(incident, deps.policy.statusPage).length > 0 }
          : null,
        deps.policy.types,
      ),
    });
  } catch (e) {
    await tell(modalFailureText(deps.log, e, 'update', '/incident update'));
  }
}
