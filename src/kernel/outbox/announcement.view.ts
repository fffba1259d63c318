import type { Incident } from '../../domain/incident';
import { incidentRef } from '../../domain/incident';
import type { Status } from '../../domain/status';
import { STATUS_LABEL } from '../../domain/status';
import { type Message, severityLabel } from '../slack/incident-card.view';
import { channelLink, mention, safeText, slackDate } from '../slack/mrkdwn';

const ICON: Partial<Record<Status, string>> = {
  resolved: ':white_check_mark:',
  closed: ':checkered_flag:',
  cancelled: ':no_entry_sign:',
};

/**
 * The one message an incident has in the announcement channel, redrawn from the
 * incident as it is now: a reader of #incidents sees the current state at a
 * glance, and the changes that led there are in its thread.
 */
export function announcementMessage(incident: Incident, latest: { text: string; at: Date } | null): Message {
  const ref = incidentRef(incident.number);
  const finished = incident.status === 'closed' || incident.status === 'cancelled';
  const lines = [
    `${ICON[incident.status] ?? ':rotating_light:'} *${ref}: ${safeText(incident.title, 500)}*`,
    `Status *${STATUS_LABEL[incident.status]}* · Severity *${severityLabel(incident)}* · Commander ${mention(incident.roles.commander)}${finished ? '' : ` · Join ${channelLink(incident.channelId)}`}`,
  ];
  if (latest) lines.push(`*Latest update* (${slackDate(latest.at)}): ${safeText(latest.text, 1500)}`);
  const text = lines.join('\n');
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: 'This message is kept up to date; every change is in its thread.' }],
      },
    ],
  };
}
