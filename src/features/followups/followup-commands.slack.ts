import type { SlackDeps } from '../../kernel/slack/deps';
import { quietUnlessRefused, type Subcommands } from '../../kernel/slack/incident-command';
import type { RemindersNeed, SyncsReminders } from '../updates/reminders.ports';
import { addFollowup, followupsForChannel } from './followups';
import { followupRefusalText } from './followups.refusal-text';
import { followupsMessage } from './followups.view';

/** `/incident followup` and `/incident followups`. */
export const followupSubcommands: Subcommands<SlackDeps<RemindersNeed> & SyncsReminders> = {
  followup: async (command, { channelId, user: actor, requestKey }, deps) =>
    quietUnlessRefused(
      await addFollowup(deps, { channelId, item: command.item, actor, requestKey }),
      followupRefusalText,
    ),
  followups: async (_command, { channelId }, deps) => {
    const list = await followupsForChannel(deps.uow, channelId);
    return list.ok
      ? followupsMessage(list.value.incidentNumber, list.value.followups)
      : { text: followupRefusalText(list.error) };
  },
};
