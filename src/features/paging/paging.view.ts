import { type PagingPolicy, type PagingService, PROVIDER_NAME } from '../../domain/paging';
import type { Severity } from '../../domain/severity';
import { section } from '../../kernel/outbox/notices.view';
import { mention, safeText, slackDate } from '../../kernel/slack/mrkdwn';

const at = slackDate;

/** Told in the incident's channel once the service has the page. */
export function pagedMessage(
  service: PagingService,
  page: { actor: string; automatic: boolean; message: string | null; severity: Severity | null; pagedAt: Date },
) {
  const who = page.automatic
    ? `Firebreak paged *${service.name}* (${PROVIDER_NAME[service.kind]}) at ${at(page.pagedAt)}: this is a *${page.severity ?? 'no severity'}* incident (set by ${mention(page.actor)}).`
    : `${mention(page.actor)} paged *${service.name}* (${PROVIDER_NAME[service.kind]}) at ${at(page.pagedAt)}.`;
  const said = page.message ? `\n>${safeText(page.message, 1000).replace(/\n/g, '\n>')}` : '';
  return section(`:pager: ${who}${said}`);
}

/** Told once when the service refused the page for good (a bad routing key): it is not retried. */
export const refusedMessage = (service: PagingService, why: string) =>
  section(
    `:warning: ${PROVIDER_NAME[service.kind]} refused the page to *${service.name}*: ${safeText(why, 500)}. Nobody was paged through it; check its key in Firebreak's configuration, or reach the on-call another way.`,
  );

/** `/incident page` alone: what can be paged, and what pages by itself. */
export function servicesList(paging: PagingPolicy): string {
  if (!paging.services.length)
    return 'No paging services are configured. Whoever runs Firebreak can add them under `paging` in its policy file.';
  const lines = paging.services.map((s) => {
    const auto = [...new Set(paging.rules.filter((r) => r.page.includes(s.name)).flatMap((r) => r.severities))].sort();
    return `• \`${s.name}\`: ${PROVIDER_NAME[s.kind]}${auto.length ? `, paged automatically at ${auto.join(', ')}` : ''}`;
  });
  return [
    '*Paging services*',
    ...lines,
    'Page one from an incident channel: `/incident page <service> [message]`',
  ].join('\n');
}

/** Answer to the person who paged: the channel hears when the service has it. */
export const pagingText = (service: PagingService) =>
  `:pager: Paging *${service.name}* (${PROVIDER_NAME[service.kind]}). The channel will be told when it has the page.`;
