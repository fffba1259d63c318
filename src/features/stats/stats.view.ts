import { formatDuration } from '../../domain/duration';
import { incidentRef } from '../../domain/incident';
import { SEVERITIES } from '../../domain/severity';
import type { IncidentStats, Percentiles, StatsPeriod } from '../../domain/stats';
import { escapeMrkdwn } from '../../kernel/slack/mrkdwn';
import type { UserFile } from '../../kernel/slack/user-upload';
import { chartWeeks, MAX_WEEKS, renderStatsChart } from './chart/stats-chart';

const PERIOD_LABEL: Record<StatsPeriod, string> = {
  '7d': 'last 7 days',
  '30d': 'last 30 days',
  '90d': 'last 90 days',
  all: 'all time',
};

const time = (p: Percentiles) =>
  p.median === null || p.p90 === null ? '–' : `${formatDuration(p.median)} / ${formatDuration(p.p90)} (n=${p.count})`;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
/** Floored, as the review document does: 99.6% kept is not "100%". */
const percent = (share: number) => `${Math.floor(share * 100 + 1e-9)}%`;
const MAX_PLANS = 20;

function adherenceLines(s: IncidentStats): string[] {
  const c = s.cadence;
  const r = s.reviews;
  const f = s.feedback;
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

function planLines(s: IncidentStats): string[] {
  if (!s.plans.length) return [];
  const lines = s.plans.slice(0, MAX_PLANS).map((p) => {
    const every = p.every === null ? '' : ` (every ${formatDuration(p.every)})`;
    const last = p.lastDrill
      ? `last drill ${incidentRef(p.lastDrill.number)} on ${p.lastDrill.declaredAt.toISOString().slice(0, 10)}, review ${p.lastDrill.reviewDone ? 'done' : '*not done*'}`
      : '*never drilled*';
    return `• ${escapeMrkdwn(p.title)}${every}: ${last}`;
  });
  if (s.plans.length > MAX_PLANS) lines.push(`…and ${s.plans.length - MAX_PLANS} more plans.`);
  return ['*DR plans* (latest drill you can see, any time)', ...lines];
}

/** The answer in parts (figures, process adherence, DR plans), so the Home tab can give each its own section. */
export function statsSections(s: IncidentStats, period: StatsPeriod, category: string | null): string[] {
  const scope = `${PERIOD_LABEL[period]}${category ? `, ${escapeMrkdwn(category)}` : ''}`;
  const keys = [...SEVERITIES, 'none'] as const;
  const sev = keys.filter((k) => s.bySeverity[k] > 0).map((k) => `${k} ${s.bySeverity[k]}`);
  const cats = Object.entries(s.byCategory)
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${escapeMrkdwn(c)} ${n}`);
  const figures = [
    `*Incident stats (${scope})*: ${s.total} incident${s.total === 1 ? '' : 's'}`,
    `By severity: ${sev.join(', ') || 'none'}`,
    `By category: ${cats.join(', ') || 'none'}`,
    '*Median / p90 time from declaration* (acknowledge · mitigate · resolve)',
    ...keys
      .filter((k) => s.bySeverity[k] > 0)
      .map((k) => `${k}: ${time(s.times[k].acknowledge)} · ${time(s.times[k].mitigate)} · ${time(s.times[k].resolve)}`),
    `Follow-ups: ${s.followups.opened} opened, ${s.followups.done} done, ${s.followups.overdue} overdue`,
  ];
  const footer = [
    `Not counted: ${s.excluded.drills} drill${s.excluded.drills === 1 ? '' : 's'}, ${s.excluded.cancelled} cancelled`,
    '_Private incidents count only if you can see them; only you see this answer._',
  ];
  return [figures, adherenceLines(s), planLines(s), footer]
    .filter((part) => part.length)
    .map((part) => part.join('\n'));
}

/** The ephemeral answer to `/incident stats`: plain mrkdwn, one line per figure. */
export function statsText(s: IncidentStats, period: StatsPeriod, category: string | null): string {
  return statsSections(s, period, category).join('\n');
}

/** The chart of `/incident stats` as a file for the caller's DM: drawn from their own figures, so private incidents only if they may see them. */
export function statsChartFile(s: IncidentStats, period: StatsPeriod, category: string | null, now: Date): UserFile {
  const weeks = chartWeeks(s.weeks, period, now);
  const scope = `${PERIOD_LABEL[period]}${period === 'all' ? `, at most the last ${MAX_WEEKS} weeks` : ''}${category ? `, ${category}` : ''}`;
  return {
    content: renderStatsChart(weeks).png,
    filename: `incident-stats-${period}.png`,
    title: `Incidents per week by severity and median time to resolve (${scope})`,
    altText: `Stacked bars of incidents per week by severity from ${weeks[0].week} to ${weeks[weeks.length - 1].week}, and a line of the median time to resolve`,
    comment: `Incidents per week by severity, and the median time to resolve (${escapeMrkdwn(scope)}). Private incidents count only if you can see them; only you get this chart.`,
  };
}
