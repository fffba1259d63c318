import { type Incident, incidentRef } from '../../domain/incident';
import { section } from '../../kernel/outbox/notices.view';
import type { Message } from '../../kernel/slack/incident-card.view';
import { channelLink, mention, safeText } from '../../kernel/slack/mrkdwn';

export function reviewPostedComment(incident: Incident, actor: string, actionItems: number): string {
  return `:memo: ${mention(actor)} published the post-incident review of *${incidentRef(incident.number)}*${
    actionItems ? ` with ${actionItems} action item${actionItems === 1 ? '' : 's'} (see \`/incident followups\`)` : ''
  }.`;
}

export function reviewAnnouncement(incident: Incident, permalink: string | null): Message {
  const link = permalink ? `<${permalink}|Read the review>` : `See ${channelLink(incident.channelId)}`;
  return section(
    `:memo: The post-incident review of *${incidentRef(incident.number)}* (${safeText(incident.title, 500)}) is published. ${link}`,
  );
}
