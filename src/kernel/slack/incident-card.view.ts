import type { Button, KnownBlock } from '@slack/types';
import type { IncidentOrigin } from '../../domain/alerts';
import { drillMark, type Incident, incidentRef } from '../../domain/incident';
import { incidentFieldLines } from '../../domain/incident-types';
import type { Policy } from '../../domain/policy';
import { STATUS_LABEL } from '../../domain/status';
import { headerActions } from './header-actions.view';
import { escapeMrkdwn, HEADER_TEXT_MAX, mention, safeText, slackDate, truncate } from './mrkdwn';

export interface Message {
  text: string;
  blocks: KnownBlock[];
}

/** A line of mrkdwn with its buttons under it: the shape of every message that asks for a click. */
export function textWithButtons(text: string, buttons: Button[]): Message {
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      { type: 'actions', elements: buttons },
    ],
  };
}

export const severityLabel = (incident: Incident): string => incident.severity ?? 'no severity';

/** `Investigating · SEV2 · Commander @alice`: what a glance at the channel header should tell. */
export function topicText(incident: Incident): string {
  const commander = incident.roles.commander ? `<@${incident.roles.commander}>` : 'no commander';
  return `${incident.isDrill ? 'DRILL · ' : ''}${STATUS_LABEL[incident.status]} · ${severityLabel(incident)} · Commander ${commander}`;
}

function incidentFields(incident: Incident) {
  return [
    { type: 'mrkdwn' as const, text: `*Status*\n${STATUS_LABEL[incident.status]}` },
    { type: 'mrkdwn' as const, text: `*Severity*\n${severityLabel(incident)}` },
    { type: 'mrkdwn' as const, text: `*Commander*\n${mention(incident.roles.commander)}` },
    { type: 'mrkdwn' as const, text: `*Category*\n${incident.category ? escapeMrkdwn(incident.category) : '_none_'}` },
    { type: 'mrkdwn' as const, text: `*Comms*\n${mention(incident.roles.comms)}` },
    { type: 'mrkdwn' as const, text: `*Scribe*\n${mention(incident.roles.scribe)}` },
  ];
}

/**
 * Who holds the policy's extra roles, then the incident's type and custom fields (a field a policy change dropped
 * shows with its stored label), ten to a section as Slack allows; none when there are none.
 */
function typeFieldBlocks(incident: Incident, policy?: Pick<Policy, 'types'>): KnownBlock[] {
  const format = { user: (id: string) => `<@${id}>`, text: (t: string) => safeText(t, 1800) };
  const roles = Object.entries(incident.extraRoles ?? {}).map(([role, user]) => ({
    type: 'mrkdwn' as const,
    text: `*${capitalized(role)}*\n${mention(user)}`,
  }));
  const fields = [
    ...roles,
    ...incidentFieldLines(incident, policy, format).map(({ label, value }) => ({
      type: 'mrkdwn' as const,
      text: `*${safeText(label, 100)}*\n${value}`,
    })),
  ];
  const blocks: KnownBlock[] = [];
  for (let i = 0; i < fields.length; i += 10) blocks.push({ type: 'section', fields: fields.slice(i, i + 10) });
  return blocks;
}

const capitalized = (role: string) => role.charAt(0).toUpperCase() + role.slice(1);

/** `From alert *HighErrorRate* (prometheus) · source`: where an incident an alert opened came from. */
export function originText(origin: IncidentOrigin): string {
  const link = origin.url ? ` · <${origin.url}|alert source>` : '';
  return `From alert *${safeText(origin.alertName, 200)}* (${safeText(origin.source, 64)})${link}`;
}

/** The pinned message at the top of the incident channel, edited in place as things change. */
/** `policy`: its types put the fields in their order. */
export function headerMessage(incident: Incident, policy?: Pick<Policy, 'types'>): Message {
  const ref = incidentRef(incident.number);
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncate(`${drillMark(incident)}${ref}: ${incident.title}`, HEADER_TEXT_MAX),
        emoji: true,
      },
    },
    { type: 'section', fields: incidentFields(incident) },
    ...typeFieldBlocks(incident, policy),
  ];
  if (incident.summary.trim()) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Summary*\n${safeText(incident.summary, 2900)}` } });
  }
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: `${incident.isDrill ? ':test_tube: *This is a drill*, not a real incident: it is never announced. · ' : ''}Declared by ${mention(incident.declaredBy)}${incident.origin ? ` · ${originText(incident.origin)}` : ''}${incident.isPrivate ? ' · :lock: private incident' : ''} · \`/incident help\` for commands`,
      },
    ],
  });
  blocks.push(...headerActions(incident));
  return {
    text: safeText(
      `${drillMark(incident)}${ref}: ${incident.title} (${STATUS_LABEL[incident.status]}, ${severityLabel(incident)})`,
      3000,
    ),
    blocks,
  };
}

/** `/incident status` with no argument: the same facts, for the person who asked. */
export function statusCard(
  incident: Incident,
  participants: readonly string[],
  now: Date,
  policy?: Pick<Policy, 'types'>,
): Message {
  const ref = incidentRef(incident.number);
  const ageMin = Math.max(0, Math.round((now.getTime() - incident.declaredAt.getTime()) / 60_000));
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*${drillMark(incident)}${ref}: ${safeText(incident.title, 2900)}*` },
    },
    { type: 'section', fields: incidentFields(incident) },
    ...typeFieldBlocks(incident, policy),
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `Declared ${slackDate(incident.declaredAt)} (${ageMin} min ago) · ${participants.length} participant(s)${incident.origin ? ` · ${originText(incident.origin)}` : ''}${incident.channelGoneAt ? ' · :warning: channel deleted: its reminders have stopped' : ''}`,
        },
      ],
    },
  ];
  return { text: `${ref}: ${STATUS_LABEL[incident.status]}, ${severityLabel(incident)}`, blocks };
}
