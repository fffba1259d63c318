import type { KnownBlock } from '@slack/types';
import { drillMark, type Incident, incidentRef } from '../../domain/incident';
import { cut } from '../../domain/text';
import { describeChange, keyTimeline, type TimelineEntry } from '../../domain/timeline';
import type { Message } from '../../kernel/slack/incident-card.view';
import { escapeUserText, mention, SECTION_TEXT_MAX, safeText, slackDate } from '../../kernel/slack/mrkdwn';

const MAX_SECTIONS = 45;
const LINE_MAX = 600;

const MARK: Record<string, string> = {
  change: ':gear:',
  note: ':memo:',
  pin: ':pushpin:',
  reaction: ':pushpin:',
  shortcut: ':bookmark:',
};

function line(entry: TimelineEntry): string {
  const time = slackDate(entry.at);
  // Change descriptions carry real mentions; what people typed (messages, titles, resolve
  // messages) is escaped so it can neither ping nor become a link.
  const text = entry.change ? describeChange(entry.change, escapeUserText) : escapeUserText(entry.text);
  const shown = text.length > LINE_MAX ? `${cut(text, LINE_MAX).replace(/&[a-z]{0,3}$/, '')}… _(cut)_` : text;
  return `${MARK[entry.keyReason ?? ''] ?? '•'} ${time} <@${entry.author}>: ${shown.replace(/\n+/g, ' ')}`;
}

/** Packs lines into sections under Slack's 3,000 characters and pages under its 50 blocks. */
export function timelinePages(entries: readonly TimelineEntry[]): string[][] {
  const pages: string[][] = [];
  let page: string[] = [];
  let section = '';
  const flush = () => {
    if (section) page.push(section);
    section = '';
    if (page.length >= MAX_SECTIONS) {
      pages.push(page);
      page = [];
    }
  };
  for (const e of keyTimeline(entries)) {
    const l = line(e);
    if (section && section.length + 1 + l.length > SECTION_TEXT_MAX) flush();
    section = section ? `${section}\n${l}` : l;
  }
  flush();
  if (page.length) pages.push(page);
  return pages;
}

export function timelineMessage(incident: Incident, entries: readonly TimelineEntry[], pageNumber: number): Message {
  const pages = timelinePages(entries);
  const ref = `${drillMark(incident)}${incidentRef(incident.number)}`;
  if (!pages.length)
    return {
      text: `${ref} has no key timeline entries yet.`,
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: `${ref} has no key timeline entries yet. Pin messages, react with :pushpin:, or use \`/incident note\`.`,
          },
        },
      ],
    };
  const n = Math.min(Math.max(1, pageNumber), pages.length);
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*Key timeline of ${ref}*${pages.length > 1 ? ` (page ${n} of ${pages.length})` : ''}`,
      },
    },
    ...pages[n - 1].map((text): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } })),
  ];
  if (n < pages.length)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `More: \`/incident timeline ${n + 1}\`` }] });
  return { text: `Key timeline of ${ref}, page ${n} of ${pages.length}`, blocks };
}

/** A note, in the channel: the team sees what was written for the record, and whether stakeholders will read it. */
export function noteMessage(text: string, actor: string, toStakeholders: boolean): Message {
  const reach = toStakeholders ? '\n_Stakeholders will read this as the latest update in their next digest._' : '';
  const line = `:memo: ${mention(actor)} added a note to the key timeline: ${safeText(text, 2500)}${reach}`;
  return { text: line, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: line } }] };
}
