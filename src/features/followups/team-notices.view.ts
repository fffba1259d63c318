import type { Followup } from '../../domain/followup';
import { drillMark, type Incident, incidentRef } from '../../domain/incident';
import { type Message, textWithButtons } from '../../kernel/slack/incident-card.view';
import { channelLink, mention, safeText, slackDay } from '../../kernel/slack/mrkdwn';
import { FOLLOWUP_DM_DONE_BUTTON } from './followups.ids';

type AddedFollowup = Pick<Followup, 'id' | 'text' | 'owner' | 'due'>;

const section = (text: string): Message => ({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
const facts = (followup: AddedFollowup) =>
  [
    followup.owner ? `owner ${mention(followup.owner)}` : 'no owner yet',
    followup.due ? `due ${slackDay(followup.due)}` : null,
  ]
    .filter(Boolean)
    .join(', ');

/**
 * `untracked`: the tracker follow-ups become tickets in (`Jira`), when this one stays out of it because the incident
 * is private (a tracker is seen by the whole company).
 */
export const followupAddedMessage = (
  followup: AddedFollowup,
  actor: string,
  untracked: string | null = null,
): Message =>
  section(
    `:ballot_box_with_check: ${mention(actor)} added a follow-up: ${safeText(followup.text, 2000)} (${facts(followup)}). \`/incident followups\` lists them.${untracked ? `\nNo ${untracked} ticket is made for it: this incident is private, and ${untracked} is seen by the whole company.` : ''}`,
  );

/** To the owner: what it is and a Done button that works from the DM. */
export function followupAssignedDm(incident: Incident, followup: AddedFollowup, actor: string): Message {
  const text = `:ballot_box_with_check: ${mention(actor)} gave you a follow-up of ${drillMark(incident)}*${incidentRef(incident.number)}* (${safeText(incident.title, 300)}) in ${channelLink(incident.channelId)}: ${safeText(followup.text, 2000)}${followup.due ? `, due ${slackDay(followup.due)}` : ''}.`;
  return textWithButtons(text, [
    {
      type: 'button',
      action_id: FOLLOWUP_DM_DONE_BUTTON,
      value: String(followup.id),
      text: { type: 'plain_text', text: 'Done' },
    },
  ]);
}

/** For an owner who is not one of the private incident's people: that something is owed, nothing of what it is about. */
export const redactedFollowupAssignedDm = (incident: Incident, followup: AddedFollowup, actor: string): Message =>
  section(
    `:ballot_box_with_check: ${mention(actor)} gave you a follow-up of private incident *${incidentRef(incident.number)}*${followup.due ? `, due ${slackDay(followup.due)}` : ''}. You are not in its channel, so its details are not shown here: ask its commander ${mention(incident.roles.commander)} to bring you in or to hand it to someone who is.`,
  );

export const followupDoneDm = (followup: Pick<Followup, 'text'>, incident: Incident | null): Message =>
  section(
    `:white_check_mark: Done: ${incident ? `${safeText(followup.text, 2000)} (${incidentRef(incident.number)})` : 'that follow-up'}.`,
  );
