import { formatDuration } from '../../domain/duration';
import type { FollowupTicketLink } from '../../domain/followup';
import { drillMark, type Incident, incidentRef } from '../../domain/incident';
import { STATUS_LABEL, type Status } from '../../domain/status';
import { type Message, severityLabel, textWithButtons } from '../../kernel/slack/incident-card.view';
import { channelLink, mention, safeText, slackDate, slackDay, ticketLink } from '../../kernel/slack/mrkdwn';
import { POST_UPDATE_BUTTON, SNOOZE_BUTTON } from './updates.ids';

const section = (text: string): Message => ({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
const ref = (incident: Incident) =>
  `${drillMark(incident)}*${incidentRef(incident.number)}* (${safeText(incident.title, 300)})`;

export function updateNudge(incident: Incident, sinceMs: number): Message {
  const text = `:bell: ${mention(incident.roles.commander)}, no update on ${ref(incident)} for ${formatDuration(sinceMs)}. Stakeholders are waiting: post what you know, even if it is "still investigating".`;
  return withNudgeButtons(incident, text);
}

/**
 * The buttons name their incident: the escalation DM carries them too, and a DM
 * says nothing of which incident it is about.
 */
function withNudgeButtons(incident: Incident, text: string): Message {
  const value = String(incident.number);
  return textWithButtons(text, [
    {
      type: 'button',
      action_id: POST_UPDATE_BUTTON,
      style: 'primary',
      value,
      text: { type: 'plain_text', text: 'Post update' },
    },
    { type: 'button', action_id: SNOOZE_BUTTON, value, text: { type: 'plain_text', text: 'Snooze 30m' } },
  ]);
}

/** A nudge's button clicked after the incident stopped owing updates. */
export const nudgeOverText = (status: Status): string =>
  `:information_source: This incident is ${STATUS_LABEL[status].toLowerCase()}: it owes no more updates, so this reminder's buttons no longer do anything. Nothing was changed.`;

export const updateEscalation = (incident: Incident): Message =>
  withNudgeButtons(
    incident,
    `:rotating_light: ${ref(incident)} has had no update through several reminders. Please post one in ${channelLink(incident.channelId)} (\`/incident update\`) or hand over command.`,
  );

export const commanderNudge = (incident: Incident): Message =>
  section(
    `:bust_in_silhouette: ${ref(incident)} has no commander in the channel. Someone take it: \`/incident role commander @you\`.`,
  );

export const reviewNudge = (incident: Incident): Message =>
  section(
    `:memo: ${ref(incident)} was resolved and its severity needs a post-incident review, which is not written yet. Start it with \`/incident review\` in ${channelLink(incident.channelId)}.`,
  );

export const followupNudge = (incident: Incident, text: string, due: string, ticket?: FollowupTicketLink): Message =>
  section(
    `:alarm_clock: Follow-up of ${ref(incident)} was due ${slackDay(due)}: ${safeText(text, 1500)}${ticket ? ` (${ticketLink(ticket)})` : ''}. Mark it done with \`/incident followups\` in ${channelLink(incident.channelId)}${ticket ? ', or close its ticket' : ''}.`,
  );

/** For an owner who is not one of the private incident's people: that something is owed and when, nothing of what it is about. */
export const redactedFollowupNudge = (incident: Incident, due: string): Message =>
  section(
    `:alarm_clock: A follow-up assigned to you in private incident *${incidentRef(incident.number)}* was due ${slackDay(due)}. You are not in its channel, so its details are not shown here: ask its commander ${mention(incident.roles.commander)} to bring you in or to hand it to someone who is.`,
  );

/** What a stakeholder needs without asking: state, owner, age, last word, next word. */
export function stakeholderDigest(
  incident: Incident,
  now: Date,
  latest: { text: string; at: Date } | null,
  nextDue: Date | null,
): Message {
  const ranFor = formatDuration(now.getTime() - incident.declaredAt.getTime());
  const lines = [
    `:newspaper: *${incidentRef(incident.number)}: ${safeText(incident.title, 300)}*`,
    `${STATUS_LABEL[incident.status]} · ${severityLabel(incident)} · Commander ${mention(incident.roles.commander)} · running for ${ranFor}`,
    latest
      ? `Latest update (${formatDuration(now.getTime() - latest.at.getTime())} ago): ${safeText(latest.text, 2000)}`
      : 'No update has been posted yet.',
    nextDueLine(now, nextDue),
    incident.isPrivate ? '' : `Follow along in ${channelLink(incident.channelId)}.`,
  ].filter(Boolean);
  return section(lines.join('\n'));
}

/** A due time already past reads as a slip, not as a time the reader has to compare with the clock. */
function nextDueLine(now: Date, nextDue: Date | null): string {
  if (!nextDue) return '';
  const late = now.getTime() - nextDue.getTime();
  if (late >= 1000) return `:warning: Update overdue by ${formatDuration(late)}.`;
  return `Next update due ${slackDate(nextDue)}.`;
}
