import type { KnownBlock } from '@slack/types';
import type { AlertDraft, IncidentOrigin } from '../../domain/alerts';
import type { Incident } from '../../domain/incident';
import { HEADER_RESOLVE_BUTTON } from '../../kernel/slack/ids';
import { type Message, originText, textWithButtons } from '../../kernel/slack/incident-card.view';
import { mention, safeText } from '../../kernel/slack/mrkdwn';
import { ALERT_DECLARE_BUTTON, ALERT_DISMISS_BUTTON } from './alerts.ids';
import type { PromptDecision } from './alerts.ports';

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

interface ShownPrompt {
  id: number;
  source: string;
  draft: AlertDraft;
}

function promptBody(prompt: ShownPrompt): KnownBlock[] {
  const { draft } = prompt;
  return [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `:rotating_light: *Alert: ${safeText(draft.title, 300)}*\n${safeText(draft.summary, 2500)}`,
      },
    },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `${draft.severity}${draft.category ? ` · ${safeText(draft.category, 75)}` : ''} · ${originText(draft.origin)}`,
        },
      ],
    },
  ];
}

/** declare: ask. The alert, posted for someone to declare an incident for it or dismiss it. */
export function alertPromptMessage(prompt: ShownPrompt): Message {
  const value = String(prompt.id);
  return {
    text: `Alert: ${safeText(prompt.draft.title, 300)}. Declare an incident for it?`,
    blocks: [
      ...promptBody(prompt),
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: ALERT_DECLARE_BUTTON, value, style: 'primary', text: plain('Declare incident') },
          { type: 'button', action_id: ALERT_DISMISS_BUTTON, value, text: plain('Dismiss') },
        ],
      },
    ],
  };
}

/** The prompt once decided without an incident: the alert stays readable, its buttons go. */
function decidedPrompt(prompt: ShownPrompt, outcome: string, note: string): Message {
  return {
    text: `Alert ${outcome}: ${safeText(prompt.draft.title, 300)}`,
    blocks: [...promptBody(prompt), { type: 'context', elements: [{ type: 'mrkdwn', text: note }] }],
  };
}

export const alertDismissedMessage = (prompt: ShownPrompt, by: string): Message =>
  decidedPrompt(prompt, 'dismissed', `Dismissed by ${mention(by)}`);

export const alertPromptResolvedMessage = (prompt: ShownPrompt): Message =>
  decidedPrompt(prompt, 'resolved', ':white_check_mark: The alert resolved before anyone declared an incident for it.');

/** In the incident channel: the alert that opened it has resolved, and the commander may resolve it in one click. */
export function alertResolvedMessage(incident: Incident, origin: IncidentOrigin): Message {
  const text = `:white_check_mark: The alert that opened this incident has resolved (${safeText(origin.alertName, 200)}). If the incident is over, resolve it.`;
  return textWithButtons(text, [
    {
      type: 'button',
      action_id: HEADER_RESOLVE_BUTTON,
      value: String(incident.number),
      text: plain('Resolve incident'),
    },
  ]);
}

/** Told only to the person who clicked. */
export const promptDecidedText = (state: PromptDecision): string =>
  ({
    dismissed: ':information_source: This alert was dismissed already.',
    declared: ':information_source: An incident was declared for this alert already.',
    resolved: ':information_source: This alert has resolved: there is nothing to declare.',
  })[state];
export const alertOpenText = ':information_source: An incident is already open for this alert group.';
