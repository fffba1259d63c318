import { escapeMrkdwn } from '../../kernel/slack/mrkdwn';
import { refusalTextWith } from '../../kernel/slack/refusal-text';
import type { UpdatesRefusal } from './updates.refusals';

export const updatesRefusalText = refusalTextWith<UpdatesRefusal>({
  fields_refused: (refusal) => `${refusal.message} Nothing was changed.`,
  not_offered: (refusal) => {
    const name = { status: 'status', severity: 'severity', next: 'next update time', plan: 'plan' }[refusal.field];
    return `That ${name} was not one of the choices offered (${refusal.offered.map((offered) => `\`${escapeMrkdwn(offered)}\``).join(', ')}). Pick one of them. Nothing was changed.`;
  },
});
