import { incidentRef } from '../../domain/incident';
import { isOpen, STATUS_LABEL } from '../../domain/status';
import { escapeMrkdwn } from '../../kernel/slack/mrkdwn';
import { refusalTextWith } from '../../kernel/slack/refusal-text';
import type { IncidentRefusal } from './incidents.refusals';

export const incidentRefusalText = refusalTextWith<IncidentRefusal>({
  alert_group_open: () =>
    'An incident is already open for this alert (someone declared it a moment ago). Nothing new was declared.',
  channel_create_failed: (refusal) =>
    `Slack could not create the incident channel (\`${escapeMrkdwn(refusal.error)}\`). Nothing was recorded; submit again to retry.`,
  fields_refused: (refusal) => `${refusal.message} Nothing was changed.`,
  unknown_role: (refusal) =>
    `Usage: \`/incident role <${refusal.roles.join('|')}> @user\`: there is no role \`${escapeMrkdwn(refusal.role)}\`. Nothing was changed.`,
  extra_role_held: (refusal) => `<@${refusal.user}> is already the *${refusal.role}*. Nothing was changed.`,
  no_longer_open: (refusal) =>
    `${incidentRef(refusal.number)} is ${isOpen(refusal.status) ? 'without its channel now' : `*${STATUS_LABEL[refusal.status]}* now`}, so there is nothing to join: declare a new incident if it is happening again. Nothing was changed.`,
  nothing_to_invite: () => 'Mention at least one person to invite: `/incident invite @user …`.',
});
