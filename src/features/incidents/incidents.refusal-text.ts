import { escapeMrkdwn } from '../../kernel/slack/mrkdwn';
import { refusalTextWith } from '../../kernel/slack/refusal-text';
import type { IncidentRefusal } from './incidents.refusals';

export const incidentRefusalText = refusalTextWith<IncidentRefusal>({
  channel_create_failed: (refusal) =>
    `Slack could not create the incident channel (\`${escapeMrkdwn(refusal.error)}\`). Nothing was recorded; submit again to retry.`,
  nothing_to_invite: () => 'Mention at least one person to invite: `/incident invite @user …`.',
});
