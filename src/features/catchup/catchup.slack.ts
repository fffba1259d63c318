import type { SlackDeps } from '../../kernel/slack/deps';
import type { Subcommands } from '../../kernel/slack/incident-command';
import { refusalText } from '../../kernel/slack/refusal-text';
import { catchupForChannel } from './catchup';
import type { CatchupNeed } from './catchup.ports';
import { catchupCard } from './catchup.view';

/** `/incident catchup`: the card, to the caller alone. */
export const catchupSubcommands: Subcommands<SlackDeps<CatchupNeed>> = {
  catchup: async (_command, { channelId, user }, deps) => {
    const found = await catchupForChannel(deps, { channelId, user });
    return found.ok ? catchupCard(found.value) : { text: refusalText(found.error) };
  },
};
