import { type Incident, incidentRef } from '../../domain/incident';
import { COMPONENT_STATUS_LABEL, PUBLIC_STATUS_LABEL } from '../../domain/status-page';
import { section } from '../../kernel/outbox/notices.view';
import type { Message } from '../../kernel/slack/incident-card.view';
import { mention, safeText } from '../../kernel/slack/mrkdwn';
import { RESOLVE_PUBLIC_BUTTON } from './status-page.ids';
import type { StoredPost } from './status-page.ports';

const at = (when: Date) =>
  `<!date^${Math.floor(when.getTime() / 1000)}^{date_short_pretty} {time}|${when.toISOString().slice(0, 16).replace('T', ' ')} UTC>`;

/** Told in the channel once Statuspage has the post: exactly what customers now read, and when it went up. */
export function publishedMessage(post: StoredPost, publishedAt: Date, shortlink: string | null): Message {
  const components = post.componentStatus ? `, components *${COMPONENT_STATUS_LABEL[post.componentStatus]}*` : '';
  const link = shortlink && /^https?:\/\//.test(shortlink) ? ` <${shortlink}|Open the public incident>` : '';
  return section(
    `:loudspeaker: ${mention(post.actor)} posted on the status page at ${at(publishedAt)}: *${PUBLIC_STATUS_LABEL[post.status]}*${components}.${link}\n>${safeText(post.message, 2500).replace(/\n/g, '\n>')}`,
  );
}

/** Told once when Statuspage refused a post for good: it is not retried. */
export const refusedMessage = (post: StoredPost, why: string): Message =>
  section(
    `:warning: The status page refused ${mention(post.actor)}'s public post (*${PUBLIC_STATUS_LABEL[post.status]}*): ${safeText(why, 500)}. Customers were not told; fix the cause and post again from the update form.`,
  );

/** Next to the resolve message, while the public incident is still open. */
export function resolveOfferMessage(incident: Incident): Message {
  const commander = incident.roles.commander;
  const text = `:white_check_mark: ${incidentRef(incident.number)} is resolved, but its status page incident is still open. ${commander ? `${mention(commander)}, resolve` : 'Resolve'} it too?`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: RESOLVE_PUBLIC_BUTTON,
            text: { type: 'plain_text', text: 'Resolve the status page incident' },
            value: String(incident.number),
            style: 'primary',
          },
        ],
      },
    ],
  };
}

/** Told in the channel when the button was clicked: the post itself follows once the page has it. */
export const resolvingText = (actor: string): string =>
  `:white_check_mark: ${mention(actor)} is resolving the status page incident (status *Resolved*, components *Operational*).`;
