import type { IncidentType } from '../../domain/policy';
import type { SlackDeps } from '../../kernel/slack/deps';
import type { Subcommands } from '../../kernel/slack/incident-command';
import { escapeMrkdwn } from '../../kernel/slack/mrkdwn';
import { unknownCategoryText } from '../../kernel/slack/refusal-text';
import type { StatsReader } from './stats.ports';
import { statsChartFile, statsText } from './stats.view';

/**
 * `type:<type>` and `<field>:<option>` words to a query, or the answer saying what is known: the type must be one
 * of the policy's, the field a select or multi_select of a type (of the chosen one when a type is given), the
 * option one of its options. At most one of each.
 */
function statsFilters(
  words: readonly { key: string; value: string }[],
  types: readonly IncidentType[],
):
  | { ok: true; query: { type?: string; field?: { key: string; value: string } }; said: string[] }
  | { ok: false; text: string } {
  const typeWords = words.filter((w) => w.key === 'type');
  const fieldWords = words.filter((w) => w.key !== 'type');
  if (typeWords.length > 1 || fieldWords.length > 1)
    return {
      ok: false,
      text: ':warning: Filter by at most one type and one field, like `type:security vector:phishing`.',
    };
  const names = types.map((t) => `\`${t.name}\``).join(', ') || 'none are configured';
  const typeWord = typeWords[0];
  const type = typeWord && types.find((t) => t.name === typeWord.value.toLowerCase());
  if (typeWord && !type)
    return {
      ok: false,
      text: `:warning: There is no incident type \`${escapeMrkdwn(typeWord.value)}\`. Types: ${names}.`,
    };
  const fieldWord = fieldWords[0];
  if (!fieldWord) return { ok: true, query: type ? { type: type.name } : {}, said: type ? [`type ${type.name}`] : [] };
  const candidates = (type ? [type] : types).flatMap((t) =>
    t.fields.filter((f) => f.key === fieldWord.key && (f.kind === 'select' || f.kind === 'multi_select')),
  );
  if (!candidates.length)
    return {
      ok: false,
      text: `:warning: No ${type ? `${type.name} ` : ''}select field is called \`${escapeMrkdwn(fieldWord.key)}\`: filter by a select field's key and one of its options, like \`vector:phishing\`.`,
    };
  const options = [...new Set(candidates.flatMap((f) => f.options))];
  const option = options.find((o) => o.toLowerCase() === fieldWord.value.toLowerCase());
  if (!option)
    return {
      ok: false,
      text: `:warning: \`${escapeMrkdwn(fieldWord.value)}\` is not an option of \`${fieldWord.key}\`. Options: ${options.map((o) => `\`${escapeMrkdwn(o)}\``).join(', ')}.`,
    };
  return {
    ok: true,
    query: { ...(type ? { type: type.name } : {}), field: { key: fieldWord.key, value: option } },
    said: [...(type ? [`type ${type.name}`] : []), `${candidates[0].label}: ${option}`],
  };
}

/** `/incident stats`: works from any channel, the figures depend on who asks, not where. */
export const statsSubcommands: Subcommands<SlackDeps & { stats: StatsReader }> = {
  stats: async (command, { user }, deps) => {
    let category: string | null = null;
    if (command.category !== null) {
      category =
        deps.policy.categories.find((known) => known.toLowerCase() === command.category?.toLowerCase()) ?? null;
      if (!category) return { text: unknownCategoryText(command.category, deps.policy.categories) };
    }
    const filters = statsFilters(command.filters ?? [], deps.policy.types);
    if (!filters.ok) return { text: filters.text };
    const now = deps.clock.now();
    const stats = await deps.stats({ viewer: user, now, period: command.period, category, ...filters.query });
    // The scope line names every filter: a category and the type and field words.
    const scope = [category, ...filters.said].filter((s): s is string => !!s).join(', ') || null;
    const text = statsText(stats, command.period, scope);
    if (!stats.total) return { text };
    return {
      text: `${text}\n_The chart (incidents per week, time to resolve) is on its way to you by DM._`,
      file: statsChartFile(stats, command.period, scope, now),
    };
  },
};
