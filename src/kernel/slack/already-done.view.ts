import { incidentRef } from '../../domain/incident';
import type { Declared } from '../../features/incidents/declare-incident';
import { channelLink } from './mrkdwn';

/**
 * What a form shows when its submission was already applied (a double click, a
 * resend): closing it silently would look like the form did nothing.
 */
export function alreadyDoneView(title: string, text: string) {
  return {
    response_action: 'update' as const,
    view: {
      type: 'modal' as const,
      title: { type: 'plain_text' as const, text: title },
      close: { type: 'plain_text' as const, text: 'Close' },
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
    },
  };
}

export function alreadyDeclaredText(declared: Declared): string {
  if (declared.kind === 'pending')
    return `:information_source: This form was already sent: it declared *${incidentRef(declared.number)}*, whose channel is on its way. Nothing new was declared.`;
  const { number, channelId } = declared.incident;
  return `:information_source: This form was already sent: it declared *${incidentRef(number)}* → ${channelLink(channelId)}. Nothing new was declared.`;
}
