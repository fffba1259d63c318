import { cut } from '../../domain/text';
import { escapeMrkdwn } from '../../kernel/slack/mrkdwn';
import { refusalTextWith } from '../../kernel/slack/refusal-text';
import type { PagingRefusal } from './paging.refusals';

export const pagingRefusalText = refusalTextWith<PagingRefusal>({
  unknown_service: ({ given, known }) =>
    known.length
      ? `There is no paging service \`${escapeMrkdwn(cut(given, 64))}\`. Configured: ${known.map((k) => `\`${k}\``).join(', ')}. Nobody was paged.`
      : 'No paging services are configured. Whoever runs Firebreak can add them under `paging` in its policy file. Nobody was paged.',
  incident_over: ({ status }) =>
    `This incident is ${status}: nobody was paged. Reopen it first if the on-call is still needed.`,
});
