import { formatDuration } from '../../domain/duration';
import { incidentRef } from '../../domain/incident';
import { SEVERITIES } from '../../domain/severity';
import type { IncidentStats, Percentiles, StatsPeriod } from '../../domain/stats';
import { escapeMrkdwn, slackDate } from '../../kernel/slack/mrkdwn';
import type { UserFile } from '../../kernel/slack/user-upload';
import { chartWeeks, MAX_WEEKS, renderStatsChart } from './chart/stats-chart';

const PERIOD_LABEL: Record<StatsPeriod, string> = {
  '7d': 'last 7 days',
  '30d': 'last 30 days',
  '90d': 'last 90 days',
  all: 'all time',
};

const time = (spread: Percentiles) =>
  spread.median === null || spread.p90 === null
    ? '–'
    : `${formatDuration(spread.median)} / ${formatDuration(spread.p90)} (n=${spread.count})`;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
/** Floored, as the review document does: 99.6% kept is not "100%". */
const percent = (share: number) => `${Math.floor(share * 100 + 1e-9)}%`;
const MAX_PLANS = 20;

function adherenceLines(incidentStats: IncidentStats): string[] {
  const c = incidentStats.cadence;
  const r = incidentStats.reviews;
  const f = incidentStats.feedback;
  const ratings = f.byRating.map((n, k) => `${k + 1}: ${n}`).join(' · ');
  return [
    c.measured
      ? `Update cadence: kept by ${c.kept} of ${plural(c.measured, 'resolved incident')} (never longer than the severity's update interval without an update); ${percent(c.covered ?? 0)} of their time covered`
      : 'Update cadence: no resolved incident with a severity yet',
    r.required
      ? `Reviews: ${r.done} of ${r.required} required done; time to review ${time(r.timeToReview)} (resolve to first publication)`
      : 'Reviews: none required yet',
    f.responses
      ? `Feedback: ${plural(f.responses, 'answer')}, mean ${f.mean?.toFixed(1)}, median ${f.median} (${ratings}); ${f.suggestions} suggested a change`
      : 'Feedback: no answers yet',
  ];
}

function planLines(incidentStats: IncidentStats): string[] {
  if (!incidentStats.plans.length) return [];
  const lines = incidentStats.plans.slice(0, MAX_PLANS).map((plan) => {
    const every = plan.every === null ? '' : ` (every ${formatDuration(plan.every)})`;
    const last = plan.lastDrill
      ? `last drill ${incidentRef(plan.lastDrill.number)} on ${slackDate(plan.lastDrill.declaredAt)}, review ${plan.lastDrill.reviewDone ? 'done' : '*not done*'}`
      : '*never drilled*';
    return `• ${escapeMrkdwn(plan.title)}${every}: ${last}`;
  });
  if (incidentStats.plans.length > MAX_PLANS) lines.push(`…and ${incidentStats.plans.length - MAX_PLANS} more plans.`);
  return ['*DR plans* (latest drill you can see, any time)', ...lines];
}

/** The answer in parts (figures, process adherence, DR plans), so the Home tab can give each its own section. */
export function statsSections(incidentStats: IncidentStats, period: StatsPeriod, category: string | null): string[] {
  const scope = `${PERIOD_LABEL[period]}${category ? `, ${escapeMrkdwn(category)}` : ''}`;
  const keys = [...SEVERITIES, 'none'] as const;
  const sev = keys.filter((k) => incidentStats.bySeverity[k] > 0).map((k) => `${k} ${incidentStats.bySeverity[k]}`);
  const cats = Object.entries(incidentStats.byCategory)
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${escapeMrkdwn(c)} ${n}`);
  const figures = [
    `*Incident stats (${scope})*: ${incidentStats.total} incident${incidentStats.total === 1 ? '' : 's'}`,
    `By severity: ${sev.join(', ') || 'none'}`,
    `By category: ${cats.join(', ') || 'none'}`,
    '*Median / p90 time from declaration* (acknowledge · mitigate · resolve)',
    ...keys
      .filter((k) => incidentStats.bySeverity[k] > 0)
      .map(
        (key) =>
          `${key}: ${time(incidentStats.times[key].acknowledge)} · ${time(incidentStats.times[key].mitigate)} · ${time(incidentStats.times[key].resolve)}`,
      ),
    `Follow-ups: ${incidentStats.followups.opened} opened, ${incidentStats.followups.done} done, ${incidentStats.followups.overdue} overdue`,
  ];
  const footer = [
    `Not counted: ${incidentStats.excluded.drills} drill${incidentStats.excluded.drills === 1 ? '' : 's'}, ${incidentStats.excluded.cancelled} cancelled`,
    '_Private incidents count only if you can see them; only you see this answer._',
  ];
  return [figures, adherenceLines(incidentStats), planLines(incidentStats), footer]
    .filter((part) => part.length)
    .map((part) => part.join('\n'));
}

/** The ephemeral answer to `/incident stats`: plain mrkdwn, one line per figure. */
export function statsText(incidentStats: IncidentStats, period: StatsPeriod, category: string | null): string {
  return statsSections(incidentStats, period, category).join('\n');
}

/** The chart of `/incident stats` as a file for the caller's DM: drawn from their own figures, so private incidents only if they may see them. */
export function statsChartFile(
  incidentStats: IncidentStats,
  period: StatsPeriod,
  category: string | null,
  now: Date,
): UserFile {
  const weeks = chartWeeks(incidentStats.weeks, period, now);
  const scope = `${PERIOD_LABEL[period]}${period === 'all' ? `, at most the last ${MAX_WEEKS} weeks` : ''}${category ? `, ${category}` : ''}`;
  return {
    content: renderStatsChart(weeks).png,
    filename: `incident-stats-${period}.png`,
    title: `Incidents per week by severity and median time to resolve (${scope})`,
    altText: `Stacked bars of incidents per week by severity from ${weeks[0].week} to ${weeks[weeks.length - 1].week}, and a line of the median time to resolve`,
    comment: `Incidents per week by severity, and the median time to resolve (${escapeMrkdwn(scope)}). Private incidents count only if you can see them; only you get this chart.`,
  };
}
