import type { KnownBlock } from '@slack/types';
import { formatDuration } from '../../domain/duration';
import { drillMark, incidentRef } from '../../domain/incident';
import { STATUS_LABEL } from '../../domain/status';
import { severityLabel } from '../../kernel/slack/incident-card.view';
import { channelLink, safeText, slackDate, slackDay, ticketLink } from '../../kernel/slack/mrkdwn';
import type { Home } from './home';
import { HOME_DECLARE_BUTTON, HOME_FOLLOWUP_DONE_BUTTON } from './home.ids';

/** Slack allows 100 blocks in a Home tab; each list is capped so all sections always fit (closed ones: HOME_CLOSED). */
const MAX_INCIDENTS = 25;
const MAX_FOLLOWUPS = 25;

export interface HomeView {
  type: 'home';
  blocks: KnownBlock[];
}

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const more = (count: number): KnownBlock[] =>
  count > 0 ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${count} more.` }] }] : [];

/** One person's Home tab: what is burning, what they hold, what they owe, and (when given) the figures. */
export function homeView(home: Home, now: Date, figures: KnownBlock[] = []): HomeView {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Firebreak' } },
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: HOME_DECLARE_BUTTON,
          style: 'danger',
          text: { type: 'plain_text', text: 'Declare incident' },
        },
      ],
    },
  ];

  blocks.push(section(`*Open incidents (${home.incidents.length})*`));
  if (!home.incidents.length) blocks.push(section(':sunny: No open incidents.'));
  for (const { incident: i, nextUpdateDue } of home.incidents.slice(0, MAX_INCIDENTS)) {
    const due = nextUpdateDue
      ? ` · next update ${nextUpdateDue <= now ? '*overdue* since' : 'due'} ${slackDate(nextUpdateDue)}`
      : '';
    blocks.push(
      section(
        `*${incidentRef(i.number)}*: ${safeText(i.title, 1400)}` +
          `\n${severityLabel(i)} · ${STATUS_LABEL[i.status]}${due} · ${channelLink(i.channelId)}${i.isPrivate ? ' · :lock:' : ''}`,
      ),
    );
  }
  blocks.push(...more(home.incidents.length - MAX_INCIDENTS));

  const mine = home.incidents.filter((h) => h.mine.length);
  blocks.push({ type: 'divider' }, section('*Your roles*'));
  blocks.push(
    section(
      mine.length
        ? mine
            .slice(0, MAX_INCIDENTS)
            .map(
              (incident) =>
                `• ${incident.mine.join(', ')} of *${incidentRef(incident.incident.number)}* ${channelLink(incident.incident.channelId)}`,
            )
            .join('\n')
        : 'You hold no role in an open incident.',
    ),
  );

  blocks.push({ type: 'divider' }, section(`*Your open follow-ups (${home.followups.length})*`));
  if (!home.followups.length) blocks.push(section('Nothing owed. :tada:'));
  const today = now.toISOString().slice(0, 10);
  for (const { followup: f, incidentNumber } of home.followups.slice(0, MAX_FOLLOWUPS)) {
    const due = f.due ? ` · due ${slackDay(f.due)}${f.due < today ? ' *(overdue)*' : ''}` : '';
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${safeText(f.text, 2000)}\n${incidentRef(incidentNumber)}${due}${f.ticket ? ` · ${ticketLink(f.ticket)}` : ''}`,
      },
      accessory: {
        type: 'button',
        action_id: HOME_FOLLOWUP_DONE_BUTTON,
        value: String(f.id),
        text: { type: 'plain_text', text: 'Done' },
      },
    });
  }
  blocks.push(...more(home.followups.length - MAX_FOLLOWUPS));

  blocks.push({ type: 'divider' }, section('*Recently closed*'));
  if (!home.closed.length) blocks.push(section('No closed incidents yet.'));
  for (const i of home.closed) {
    const lasted = i.resolvedAt
      ? ` · resolved after ${formatDuration(i.resolvedAt.getTime() - i.declaredAt.getTime())}`
      : '';
    const closed = i.closedAt ? ` · closed ${slackDate(i.closedAt)}` : '';
    blocks.push(
      section(
        `${drillMark(i)}*${incidentRef(i.number)}*: ${safeText(i.title, 1500)}\n${severityLabel(i)}${lasted}${closed}${i.isPrivate ? ' · :lock:' : ''}`,
      ),
    );
  }

  if (figures.length) blocks.push({ type: 'divider' }, ...figures);
  return { type: 'home', blocks };
}
