import { formatDuration } from '../../domain/duration';
import { drillMark, type Incident, incidentRef, ROLE_DUTIES, type Role } from '../../domain/incident';
import type { IncidentEvent } from '../../domain/incident-event';
import type { Policy } from '../../domain/policy';
import { STATUS_LABEL } from '../../domain/status';
import { cut } from '../../domain/text';
import { REVIEW_BUTTON } from '../slack/ids';
import { type Message, severityLabel } from '../slack/incident-card.view';
import { channelLink, mention, safeText } from '../slack/mrkdwn';
import { announcementMessage } from './announcement.view';

/** One section, cut to Slack's limit if need be: the features' notices are built of these too. */
export const section = (text: string): Message => {
  const fitted = truncateKeepingMarkup(text);
  return { text: fitted, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: fitted } }] };
};

/** Callers escape user text themselves; this only keeps the block under Slack's limit. */
function truncateKeepingMarkup(text: string): string {
  return text.length <= 3000 ? text : `${cut(text, 2990)}… (cut)`;
}

const note = (message: string | null) =>
  message?.trim() ? `\n>${safeText(message.trim(), 2500).replace(/\n/g, '\n>')}` : '';

/** The line posted in the incident channel for each change. */
export function changeMessage(incident: Incident, event: IncidentEvent): Message {
  const who = mention(event.actor);
  const c = event.change;
  switch (c.kind) {
    case 'status':
      if (c.to === 'resolved' && c.from === 'triage')
        return withReviewButton(
          section(
            `:white_check_mark: ${who} resolved the incident straight from triage: acknowledged and resolved at the same moment.${note(c.message)}`,
          ),
        );
      if (c.to === 'resolved')
        return withReviewButton(section(`:white_check_mark: ${who} resolved the incident.${note(c.message)}`));
      if (c.to === 'closed')
        return section(
          `:checkered_flag: ${who} closed the incident. ${closingFacts(incident)} This channel will now be archived.`,
        );
      if (c.to === 'cancelled')
        return section(`:no_entry_sign: ${who} cancelled the incident as a false alarm.${note(c.message)}`);
      if (c.from === 'resolved')
        return section(
          `:leftwards_arrow_with_hook: ${who} reopened the incident: *${STATUS_LABEL[c.to]}*.${note(c.message)}`,
        );
      return section(
        `:arrows_counterclockwise: ${who} changed the status from *${STATUS_LABEL[c.from]}* to *${STATUS_LABEL[c.to]}*.${note(c.message)}`,
      );
    case 'severity':
      return section(`:rotating_light: ${who} changed the severity from *${c.from ?? 'none'}* to *${c.to}*.`);
    case 'role':
      return section(
        `:bust_in_silhouette: ${who} made ${mention(c.to)} the *${c.role}*${c.from ? ` (was ${mention(c.from)})` : ''}.`,
      );
    case 'extra_role':
      return section(
        `:bust_in_silhouette: ${who} made ${mention(c.to)} the *${safeText(c.role, 60)}*${c.from ? ` (was ${mention(c.from)})` : ''}.`,
      );
    case 'fields_changed':
      return section(
        `:pencil2: ${who} changed ${c.changes.map((f) => `*${safeText(f.label, 80)}* to ${f.to === null ? '_none_' : safeText(f.to, 200)}`).join(', ')}.`,
      );
    case 'invited':
      // Someone who joins from the declare form is recorded as inviting themselves.
      if (c.users.length === 1 && c.users[0] === event.actor) return section(`:wave: ${who} joined.`);
      return section(`:wave: ${who} invited ${c.users.map(mention).join(', ')}.`);
    case 'step_ticked':
      return section(`:ballot_box_with_check: ${who} ticked step ${c.step}: ${safeText(c.text, 500)}`);
    case 'followup_closed':
      return section(
        `:white_check_mark: Follow-up done: ${safeText(c.text, 500)} (${safeText(c.ticket, 50)} closed in ${c.tracker}${c.by ? ` by ${safeText(c.by, 100)}` : ''}).`,
      );
    case 'paged':
      return section(`:pager: ${who} paged *${safeText(c.service, 100)}* (${c.provider}).`);
    case 'published':
      return section(`:loudspeaker: ${who} posted on the status page: ${safeText(c.message, 500)}`);
    case 'declared':
      return section(`${who} declared ${incidentRef(incident.number)}.`);
  }
}

/** The announcement as first posted: nothing has been said since the declaration. */
export const declaredAnnouncement = (incident: Incident): Message => announcementMessage(incident, null);

/**
 * A reply in the announcement's thread: only what stakeholders need, always with
 * the way in. The announcement itself is redrawn with the new state.
 */
export function changeAnnouncement(incident: Incident, event: IncidentEvent): Message | undefined {
  const ref = incidentRef(incident.number);
  const title = safeText(incident.title, 500);
  const c = event.change;
  if (c.kind === 'severity') {
    return section(
      `:rotating_light: *${ref}* (${title}) is now *${c.to}* (was ${c.from ?? 'none'}). ${channelLink(incident.channelId)}`,
    );
  }
  if (c.kind === 'status' && c.to === 'resolved') {
    return section(
      `:white_check_mark: *${ref}* (${title}) is resolved.${note(c.message)} ${channelLink(incident.channelId)}`,
    );
  }
  if (c.kind === 'status' && c.to === 'closed') {
    return section(`:checkered_flag: *${ref}* (${title}) is closed. ${closingFacts(incident)}`);
  }
  if (c.kind === 'status' && c.from === 'resolved' && c.to !== 'closed') {
    return section(`:leftwards_arrow_with_hook: *${ref}* (${title}) was reopened. ${channelLink(incident.channelId)}`);
  }
  if (c.kind === 'status' && c.to === 'cancelled')
    return section(`:no_entry_sign: *${ref}* (${title}) was cancelled as a false alarm.`);
  if (c.kind === 'status')
    return section(`:arrows_counterclockwise: *${ref}* is now *${STATUS_LABEL[c.to]}* (was ${STATUS_LABEL[c.from]}).`);
  if (c.kind === 'role' && c.role === 'commander')
    return section(`:bust_in_silhouette: ${mention(c.to)} is now the commander of *${ref}*.`);
  return undefined;
}

function withReviewButton(message: Message): Message {
  return {
    text: message.text,
    blocks: [
      ...message.blocks,
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: REVIEW_BUTTON,
            text: { type: 'plain_text', text: 'Write the review' },
            style: 'primary',
          },
        ],
      },
    ],
  };
}

/** The last word on an incident: how long it lasted, from declaration to resolution. */
function closingFacts(incident: Incident): string {
  const lasted = incident.resolvedAt
    ? formatDuration(incident.resolvedAt.getTime() - incident.declaredAt.getTime())
    : null;
  return `${severityLabel(incident)}${lasted ? `, resolved after ${lasted}` : ''}.`;
}

/** `duties`: the policy's words for the role (`roles`), the built-in ones by default. */
export function roleDutiesMessage(incident: Incident, role: string, actor: string, duties: string): Message {
  const ref = incidentRef(incident.number);
  return section(
    `${mention(actor)} made you the *${role}* of *${drillMark(incident)}${ref}: ${safeText(incident.title, 500)}* in ${channelLink(incident.channelId)}.\n${safeText(duties, 1500)}`,
  );
}

/** In the channel: a role of the policy's was given. */
export const extraRoleMessage = (role: string, user: string, actor: string): Message =>
  section(`${mention(actor)} made ${mention(user)} the *${role}*.`);

/** A role's duties as the policy words them. */
export const dutiesOf = (policy: Pick<Policy, 'roles'>, role: Role): string =>
  policy.roles.find((r) => r.name === role)?.duties ?? ROLE_DUTIES[role];

export function declaredConfirmation(incident: Incident): string {
  if (incident.isDrill)
    return `:test_tube: Drill ${incidentRef(incident.number)} is declared. Its channel is ${channelLink(incident.channelId)} (a drill: nothing is announced).`;
  return `:white_check_mark: ${incidentRef(incident.number)} is declared. Its channel is ${channelLink(incident.channelId)}${
    incident.isPrivate ? ' (private: no announcement was posted)' : ''
  }.`;
}

/** The declarer must not wonder whether a 3 a.m. declaration went through while Slack is slow. */
export function declarePendingText(number: number, channelName: string, etaMs?: number): string {
  if (etaMs !== undefined)
    return `:hourglass_flowing_sand: ${incidentRef(number)} is logged. Slack is busy: its channel #${channelName} should exist in ${roughly(etaMs)}. Firebreak will invite you, post the header and announce it then. There is no need to declare it again.`;
  return `:hourglass_flowing_sand: ${incidentRef(number)} is logged. Slack is slow to create its channel (#${channelName}); Firebreak keeps trying and will invite you, post the header and announce it as soon as Slack answers. There is no need to declare it again.`;
}

export function declareFailedText(number: number, error: string): string {
  return `:x: Slack refused to create the channel for ${incidentRef(number)} (\`${error}\`), so it was not opened. Declare it again with \`/incident declare\`, or ask a Slack admin whether Firebreak may create channels.`;
}

/** A wait as a person reads it: "a few seconds", "about 40 seconds", "about 2 minutes". */
export function roughly(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds <= 10) return 'a few seconds';
  if (seconds < 90) return `about ${Math.ceil(seconds / 10) * 10} seconds`;
  return `about ${Math.round(seconds / 60)} minutes`;
}
