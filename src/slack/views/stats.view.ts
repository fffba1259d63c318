import { formatDuration } from '../../domain/duration';
import { SEVERITIES } from '../../domain/severity';
import type { IncidentStats, Percentiles, StatsPeriod } from '../../domain/stats';
import { escapeMrkdwn } from '../mrkdwn';

const PERIOD_LABEL: Record<StatsPeriod, string> = { '7d': 'last 7 days', '30d': 'last 30 days', '90d': 'last 90 days', all: 'all time' };

const time = (p: Percentiles) =>
  p.median === null || p.p90 === null ? '–' : `${formatDuration(p.median)} / ${formatDuration(p.p90)} (n=${p.count})`;

/** The ephemeral answer to `/incident stats`: plain mrkdwn, one line per figure. */
export function statsText(s: IncidentStats, period: StatsPeriod, category: string | null): string {
  const scope = `${PERIOD_LABEL[period]}${category ? `, ${escapeMrkdwn(category)}` : ''}`;
  const keys = [...SEVERITIES, 'none'] as const;
  const sev = keys.filter((k) => s.bySeverity[k] > 0).map((k) => `${k} ${s.bySeverity[k]}`);
  const cats = Object.entries(s.byCategory)
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${escapeMrkdwn(c)} ${n}`);
  const lines = [
    `*Incident stats (${scope})*: ${s.total} incident${s.total === 1 ? '' : 's'}`,
    `By severity: ${sev.join(', ') || 'none'}`,
    `By category: ${cats.join(', ') || 'none'}`,
    '*Median / p90 time from declaration* (acknowledge · mitigate · resolve)',
    ...keys
      .filter((k) => s.bySeverity[k] > 0)
      .map((k) => `${k}: ${time(s.times[k].acknowledge)} · ${time(s.times[k].mitigate)} · ${time(s.times[k].resolve)}`),
    `Follow-ups: ${s.followups.opened} opened, ${s.followups.done} done, ${s.followups.overdue} overdue`,
    `Not counted: ${s.excluded.drills} drill${s.excluded.drills === 1 ? '' : 's'}, ${s.excluded.cancelled} cancelled`,
    '_Private incidents count only if you can see them; only you see this answer._',
  ];
  return lines.join('\n');
}
