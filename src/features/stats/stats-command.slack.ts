import type { SlackDeps } from '../../kernel/slack/deps';
import type { Subcommands } from '../../kernel/slack/incident-command';
import { unknownCategoryText } from '../../kernel/slack/refusal-text';
import type { StatsReader } from './stats.ports';
import { statsChartFile, statsText } from './stats.view';

/** `/incident stats`: works from any channel, the figures depend on who asks, not where. */
export const statsSubcommands: Subcommands<SlackDeps & { stats: StatsReader }> = {
  stats: async (command, { user }, deps) => {
    let category: string | null = null;
    if (command.category !== null) {
      category =
        deps.policy.categories.find((known) => known.toLowerCase() === command.category?.toLowerCase()) ?? null;
      if (!category) return { text: unknownCategoryText(command.category, deps.policy.categories) };
    }
    const now = deps.clock.now();
    const stats = await deps.stats({ viewer: user, now, period: command.period, category });
    const text = statsText(stats, command.period, category);
    if (!stats.total) return { text };
    return {
      text: `${text}\n_The chart (incidents per week, time to resolve) is on its way to you by DM._`,
      file: statsChartFile(stats, command.period, category, now),
    };
  },
};
