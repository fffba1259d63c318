import type { KnownBlock } from '@slack/types';
import type { Followup } from '../../domain/followup';
import { incidentRef } from '../../domain/incident';
import type { Message } from '../../kernel/slack/incident-card.view';
import { mention, safeText, slackDay, ticketLink } from '../../kernel/slack/mrkdwn';
import { FOLLOWUP_DONE_BUTTON } from './followups.ids';

const MAX_LISTED = 45;

/** Open ones first (each with a Done button), then what is done; within Slack's 50 blocks. */
export function followupsMessage(incidentNumber: number, followups: readonly Followup[]): Message {
  const ref = incidentRef(incidentNumber);
  if (!followups.length) {
    const text = `${ref} has no follow-ups. Add one with \`/incident followup <text> [@owner] [due YYYY-MM-DD]\`.`;
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  const open = followups.filter((f) => f.status === 'open');
  const sorted = [...open, ...followups.filter((f) => f.status === 'done')];
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*Follow-ups of ${ref}*: ${open.length} open, ${followups.length - open.length} done`,
      },
    },
  ];
  for (const f of sorted.slice(0, MAX_LISTED)) {
    const ticket = f.ticket ? ticketLink(f.ticket) : null;
    const facts = [f.owner ? mention(f.owner) : 'no owner', f.due ? `due ${slackDay(f.due)}` : null, ticket]
      .filter(Boolean)
      .join(' · ');
    const text =
      f.status === 'done'
        ? `:white_check_mark: ~${safeText(f.text, 2000)}~ · done by ${mention(f.doneBy)}${ticket ? ` · ${ticket}` : ''}`
        : `${safeText(f.text, 2000)}\n${facts}`;
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text },
      ...(f.status === 'open'
        ? {
            accessory: {
              type: 'button',
              action_id: FOLLOWUP_DONE_BUTTON,
              value: String(f.id),
              text: { type: 'plain_text', text: 'Done' },
            },
          }
        : {}),
    });
  }
  if (sorted.length > MAX_LISTED)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${sorted.length - MAX_LISTED} more.` }] });
  return { text: `Follow-ups of ${ref}: ${open.length} open`, blocks };
}
