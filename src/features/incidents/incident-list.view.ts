import type { KnownBlock } from '@slack/types';
import { drillMark, type Incident, incidentRef } from '../../domain/incident';
import { incidentFieldLines } from '../../domain/incident-types';
import type { Policy } from '../../domain/policy';
import { STATUS_LABEL } from '../../domain/status';
import type { Message } from '../../kernel/slack/incident-card.view';
import { channelLink, mention, safeText, truncate } from '../../kernel/slack/mrkdwn';

const MAX_LISTED = 45;

// A link to a deleted channel would show as a raw id: name it, and say why it leads nowhere.
const channelText = (incident: Incident): string =>
  incident.channelGoneAt
    ? `#${safeText(incident.channelName, 100)} (:warning: channel deleted)`
    : channelLink(incident.channelId);

/** `Type: security · Attack vector: phishing · …`: the type and its fields, on a line of their own. */
function typeLine(incident: Incident, policy?: Pick<Policy, 'types'>): string {
  const format = { user: (id: string) => `<@${id}>`, text: (t: string) => safeText(t, 200) };
  const lines = incidentFieldLines(incident, policy, format).map((f) => `${safeText(f.label, 100)}: ${f.value}`);
  return lines.length ? `\n${truncate(lines.join(' · '), 1200)}` : '';
}

export function incidentList(incidents: readonly Incident[], policy?: Pick<Policy, 'types'>): Message {
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
          `\n${i.severity ?? 'no severity'} · ${STATUS_LABEL[i.status]} · Commander ${mention(i.roles.commander)} · ${channelText(i)}${i.isPrivate ? ' · :lock:' : ''}` +
          typeLine(i, policy),
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
