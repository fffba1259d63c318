import { escapeMrkdwn } from '../../kernel/slack/mrkdwn';
import { refusalTextWith } from '../../kernel/slack/refusal-text';
import type { UpdatesRefusal } from './updates.refusals';

export const updatesRefusalText = refusalTextWith<UpdatesRefusal>({
  fields_refused: (refusal) => `${refusal.message} Nothing was changed.`,
  not_offered: (refusal) => {
    const name = {
      status: 'status',
      severity: 'severity',
      next: 'next update time',
      plan: 'plan',
      publicStatus: 'public status',
      componentStatus: 'component status',
    }[refusal.field];
    return `That ${name} was not one of the choices offered (${refusal.offered.map((offered) => `\`${escapeMrkdwn(offered)}\``).join(', ')}). Pick one of them. Nothing was changed.`;
  },
  status_page_not_offered: () =>
    'This incident cannot be posted on the status page (it is private, a drill, or no status page is configured). Nothing was changed.',
  public_message_missing: () =>
    'Write the public message customers will read: it is not taken from the internal text. Nothing was changed.',
});
