import type { KnownBlock, View } from '@slack/types';
import { drillMark, type Incident, incidentRef } from '../../domain/incident';
import { channelLink, mention, safeText } from '../../kernel/slack/mrkdwn';
import { DECLARE_JOIN_BUTTON, DECLARE_SIMILAR_BLOCK } from './incidents.ids';

/** Enough to see the storm; the rest are counted, not listed (each would be another button). */
export const SIMILAR_SHOWN = 3;

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

/** `just now`, `1 minute ago`, `12 minutes ago`, `2 hours ago`. */
export function agoText(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 120) return minutes === 1 ? '1 minute ago' : `${minutes} minutes ago`;
  return `${Math.floor(minutes / 60)} hours ago`;
}

/** The sentence issue 16 asks for, one per incident that looks the same. */
export function similarSentence(incident: Incident, now: Date): string {
  const title = `${drillMark(incident)}${safeText(incident.title, 200)}`;
  return `${incidentRef(incident.number)} *${title}* was declared ${agoText(now.getTime() - incident.declaredAt.getTime())} by ${mention(incident.declaredBy)}: join it, or declare a new incident.\n${channelLink(incident.channelId)}`;
}

/**
 * What the declare form shows above its fields when open incidents look like the one
 * being declared: each with its *Join* button, then what *Declare anyway* does.
 */
export function similarNotice(matches: readonly Incident[], now: Date): KnownBlock[] {
  const shown = matches.slice(0, SIMILAR_SHOWN);
  const more = matches.length - shown.length;
  return [
    ...shown.map(
      (incident): KnownBlock => ({
        type: 'section',
        block_id: `${DECLARE_SIMILAR_BLOCK}_${incident.number}`,
        text: { type: 'mrkdwn', text: `:mag: ${similarSentence(incident, now)}` },
        accessory: {
          type: 'button',
          action_id: DECLARE_JOIN_BUTTON,
          text: plain(`Join ${incidentRef(incident.number)}`),
          value: String(incident.number),
          style: 'primary',
        },
      }),
    ),
    {
      type: 'context',
      block_id: `${DECLARE_SIMILAR_BLOCK}_next`,
      elements: [
        {
          type: 'mrkdwn',
          text: `${more > 0 ? `${more} more open incident${more === 1 ? '' : 's'} look${more === 1 ? 's' : ''} similar: \`/incident list\`. ` : ''}Nothing is declared yet. *Declare anyway* makes a new incident of what you wrote below.`,
        },
      ],
    },
    { type: 'divider', block_id: `${DECLARE_SIMILAR_BLOCK}_end` },
  ];
}

/** The declare form once its person joined the incident it looked like: nothing else was made. */
export function joinedView(incident: Incident): View {
  return {
    type: 'modal',
    title: plain(incident.isDrill ? 'Declare a drill' : 'Declare an incident'),
    close: plain('Close'),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `:white_check_mark: You joined ${incidentRef(incident.number)}: ${channelLink(incident.channelId)}. Nothing new was declared.`,
        },
      },
    ],
  };
}

/** The view a *Join* was clicked in, as Slack sends it back with the click. */
export interface ShownView {
  callback_id: string;
  private_metadata: string;
  title: { text: string };
  submit?: { text: string } | null;
  close?: { text: string } | null;
  blocks: { block_id?: string }[];
}

/**
 * The same form with the similar incidents replaced by why the *Join* was refused, so
 * the person reads it where they clicked and can still declare what they wrote.
 */
export function refusedJoinView(shown: ShownView, reason: string): View {
  const similar = (b: { block_id?: string }) => b.block_id?.startsWith(DECLARE_SIMILAR_BLOCK) ?? false;
  const first = shown.blocks.findIndex(similar);
  const rest = shown.blocks.filter((b) => !similar(b)) as KnownBlock[];
  const notice: KnownBlock = {
    type: 'section',
    block_id: `${DECLARE_SIMILAR_BLOCK}_refused`,
    text: { type: 'mrkdwn', text: `:warning: ${reason}` },
  };
  return {
    type: 'modal',
    callback_id: shown.callback_id,
    private_metadata: shown.private_metadata,
    title: plain(shown.title.text),
    ...(shown.submit ? { submit: plain(shown.submit.text) } : {}),
    ...(shown.close ? { close: plain(shown.close.text) } : {}),
    blocks: [...rest.slice(0, Math.max(first, 0)), notice, ...rest.slice(Math.max(first, 0))],
  };
}
