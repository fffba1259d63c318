import { drillMark, type Incident, incidentRef } from '../../domain/incident';
import { STATUS_LABEL } from '../../domain/status';
import { section } from '../../kernel/outbox/notices.view';
import { type Message, severityLabel } from '../../kernel/slack/incident-card.view';
import { mention, safeText, slackDate } from '../../kernel/slack/mrkdwn';

/** An update as the channel, stakeholders and subscribers read it. */
export function updateMessage(incident: Incident, text: string, actor: string, nextUpdateDue: Date): Message {
  const next = slackDate(nextUpdateDue);
  return section(
    `:loudspeaker: *Update on ${drillMark(incident)}${incidentRef(incident.number)}: ${safeText(incident.title, 300)}* (${STATUS_LABEL[incident.status]}, ${severityLabel(incident)})\n` +
      `${safeText(text, 2400)}\n_${mention(actor)} · next update by ${next}_`,
  );
}
