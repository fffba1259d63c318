import type { FollowupTicketLink } from '../../domain/followup';
import { section } from '../../kernel/outbox/notices.view';
import { safeText, ticketLink } from '../../kernel/slack/mrkdwn';

/** Told in the channel once the tracker has the follow-up's ticket. */
export const ticketCreatedMessage = (followup: { text: string }, tracker: string, ticket: FollowupTicketLink) =>
  section(`:ticket: Follow-up ${safeText(followup.text, 1000)} is tracked in ${tracker} as ${ticketLink(ticket)}.`);

/** Told once when the tracker refused the ticket for good (a bad project or issue type): it is not retried. */
export const ticketRefusedMessage = (followup: { text: string }, tracker: string, why: string) =>
  section(
    `:warning: ${tracker} refused the ticket for the follow-up ${safeText(followup.text, 1000)}: ${safeText(why, 500)}. It is still tracked here; whoever runs Firebreak can check \`tickets\` in its policy file.`,
  );

/** A ticket closed in the tracker marked the follow-up done. */
export const ticketClosedMessage = (
  followup: { text: string },
  tracker: string,
  ticket: FollowupTicketLink,
  by: string | null,
) =>
  section(
    `:white_check_mark: Follow-up done: ${safeText(followup.text, 1000)}. ${ticketLink(ticket)} was closed in ${tracker}${by ? ` by ${safeText(by, 100)}` : ''}.`,
  );
