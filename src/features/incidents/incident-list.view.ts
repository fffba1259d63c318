import type { KnownBlock } from '@slack/types';
import { drillMark, type Incident, incidentRef } from '../../domain/incident';
import { STATUS_LABEL } from '../../domain/status';
import type { Message } from '../../kernel/slack/incident-card.view';
import { channelLink, mention, safeText } from '../../kernel/slack/mrkdwn';

const MAX_LISTED = 45;

// A link to a deleted channel would show as a raw id: name it, and say why it leads nowhere.
const channelText = (incident: Incident): string =>
  incident.channelGoneAt
    ? `#${safeText(incident.channelName, 100)} (:warning: channel deleted)`
    : channelLink(incident.channelId);

export function incidentList(incidents: readonly Incident[]): Message {
  if (!incidents.length)
    return {
      text: ':sunny: No open incidents.',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: ':sunny: No open incidents.' } }],
    };
  const shown = incidents.slice(0, MAX_LISTED);
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*Open incidents (${incidents.length})*` } },
  ];
  for (const i of shown) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text:
          `${drillMark(i)}*${incidentRef(i.number)}*: ${safeText(i.title, 1400)}` +
          `\n${i.severity ?? 'no severity'} · ${STATUS_LABEL[i.status]} · Commander ${mention(i.roles.commander)} · ${channelText(i)}${i.isPrivate ? ' · :lock:' : ''}`,
      },
    });
  }
  if (incidents.length > shown.length) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `…and ${incidents.length - shown.length} more.` }],
    });
  }
  return { text: `Open incidents: ${incidents.map((i) => incidentRef(i.number)).join(', ')}`.slice(0, 3000), blocks };
}
