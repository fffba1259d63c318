import type { SlackDeps } from '../../kernel/slack/deps';
import type { CommandContext, ModalOpeners, Subcommands } from '../../kernel/slack/incident-command';
import { openUpdateModal } from './open-update-modal.slack';
import { setSubscription } from './post-update';
import type { RemindersNeed } from './reminders.ports';
import { updatesRefusalText } from './updates.refusal-text';

const subscription =
  (on: boolean) =>
  async (_command: unknown, { channelId, user }: CommandContext, deps: SlackDeps<RemindersNeed>) => {
    const result = await setSubscription(deps, { channelId, user, on });
    if (!result.ok) return { text: updatesRefusalText(result.error) };
    return {
      text: on
        ? ":bell: You will get this incident's updates and digests by DM. `/incident unsubscribe` stops them."
        : ":no_bell: You will no longer get this incident's updates by DM.",
    };
  };

/** `/incident subscribe` and `/incident unsubscribe`. */
export const updateSubcommands: Subcommands<SlackDeps<RemindersNeed>> = {
  subscribe: subscription(true),
  unsubscribe: subscription(false),
};

/** `/incident update [text]` opens the update modal. */
export const openUpdateFromCommand: ModalOpeners<SlackDeps<RemindersNeed>>['update'] = (command, origin, deps) =>
  openUpdateModal(origin.client, deps, {
    triggerId: origin.triggerId,
    channelId: origin.channelId,
    text: command.text,
    respond: origin.respond,
    user: origin.user,
  });
