import { incidentForChannel } from '../../kernel/incident/query-incidents';
import type { SlackDeps } from '../../kernel/slack/deps';
import { quietUnlessRefused, type Subcommands } from '../../kernel/slack/incident-command';
import type { RemindersNeed } from '../updates/reminders.ports';
import { addNote, type NoticeDeps, timelineForChannel } from './timeline';
import { timelineRefusalText } from './timeline.refusal-text';
import { timelineMessage } from './timeline.view';

/** `/incident note` and `/incident timeline`. */
export const timelineSubcommands: Subcommands<SlackDeps<RemindersNeed> & Pick<NoticeDeps, 'reachesStakeholders'>> = {
  // Posted in the channel by the notifier, where the whole team sees it.
  note: async (command, { channelId, user, requestKey }, deps) =>
    quietUnlessRefused(await addNote(deps, { channelId, user, text: command.text, requestKey }), timelineRefusalText),
  timeline: async (command, { channelId }, deps) => {
    const timeline = await timelineForChannel(deps.uow, channelId);
    if (!timeline.ok) return { text: timelineRefusalText(timeline.error) };
    const incident = (await incidentForChannel(deps.uow, channelId))!;
    return timelineMessage(incident, timeline.value, command.page);
  },
};
