import { findService } from '../../domain/paging';
import type { SlackDeps } from '../../kernel/slack/deps';
import type { Subcommands } from '../../kernel/slack/incident-command';
import { pageByHand } from './paging';
import { pagingRefusalText } from './paging.refusal-text';
import { pagingText, servicesList } from './paging.view';

/** `/incident page` lists the services; `/incident page <service> [message]` pages one from an incident channel. */
export const pagingSubcommands: Subcommands<SlackDeps> = {
  page: async (command, { channelId, user, requestKey }, deps) => {
    if (command.service === null) return { text: servicesList(deps.policy.paging) };
    const paged = await pageByHand(deps, {
      channelId,
      actor: user,
      service: command.service,
      message: command.message,
      requestKey,
    });
    if (paged.ok) {
      const service = findService(deps.policy.paging, paged.value.service);
      return service ? { text: pagingText(service) } : null;
    }
    return paged.error.kind === 'duplicate_request' ? null : { text: pagingRefusalText(paged.error) };
  },
};
