import type { KnownBlock } from '@slack/types';
import type { Catchup } from '../../domain/catchup';
import { formatDuration } from '../../domain/duration';
import { drillMark, incidentRef } from '../../domain/incident';
import { STATUS_LABEL } from '../../domain/status';
import { mention, SECTION_TEXT_MAX, safeText, slackDate, slackDay, truncate } from '../../kernel/slack/mrkdwn';

const section = (text: string): KnownBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncate(text, SECTION_TEXT_MAX) },
});

/** The card for someone joining late: what happened, who holds what, where it stands, what is due. */
export function catchupCard(c: Catchup): { text: string; blocks: KnownBlock[] } {
  const { incident } = c;
  const ref = incidentRef(incident.number);
  const title = `${drillMark(incident)}${ref}: ${safeText(incident.title, 200)}`;
  const blocks: KnownBlock[] = [
    section(
      `:wave: *Catching up on ${title}*\n*${STATUS_LABEL[incident.status]}* · ${incident.severity ?? 'no severity'} · running ${formatDuration(c.runningMs)}${incident.category ? ` · ${safeText(incident.category, 75)}` : ''}`,
    ),
  ];
  if (incident.summary.trim()) blocks.push(section(`*Summary*\n${safeText(incident.summary, 1500)}`));
  blocks.push(
    section(
      `*Roles*\nCommander ${mention(incident.roles.commander)} · Comms ${mention(incident.roles.comms)} · Scribe ${mention(incident.roles.scribe)}`,
    ),
  );
  blocks.push(
    section(
      `*Status history*\n${c.statuses.map((s) => `• ${slackDate(s.at)}: *${STATUS_LABEL[s.status]}* (${mention(s.actor)})`).join('\n')}`,
    ),
  );
  blocks.push(
    section(
      c.latestUpdate
        ? `*Latest update* (${slackDate(c.latestUpdate.at)})\n${safeText(c.latestUpdate.text, 1500)}`
        : '*Latest update*\n_none yet_',
    ),
  );
  if (c.keyEntries.length)
    blocks.push(
      section(
        `*Key timeline*\n${c.keyEntries.map((e) => `• ${slackDate(e.at)} ${mention(e.author)}: ${safeText(e.text, 300)}`).join('\n')}`,
      ),
    );
  const due: string[] = [];
  if (c.nextUpdateDue) due.push(`• Next update due ${slackDate(c.nextUpdateDue)}`);
  for (const f of c.openFollowups)
    due.push(`• Follow-up: ${safeText(f.text, 200)} (${mention(f.owner)}${f.due ? `, due ${slackDay(f.due)}` : ''})`);
  blocks.push(section(`*What is due next*\n${due.length ? due.join('\n') : '_nothing open_'}`));
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: 'Only you see this. `/incident timeline` for the full key timeline.' }],
  });
  return { text: `Catching up on ${title}`, blocks };
}
