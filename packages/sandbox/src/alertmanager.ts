import { createHash } from 'node:crypto';

/**
 * What the page's *Fire alert* form sends, as Alertmanager (v0.34, webhook version 4) would after its rules
 * fired: the shape of tests/fixtures/alertmanager/example-v0.34-firing.json, one alert per group.
 */

export const ALERT_SEVERITIES = ['critical', 'high', 'warning', 'info'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export interface FiredAlert {
  alertname: string;
  severity: AlertSeverity;
  summary: string;
  status: 'firing' | 'resolved';
  /** Alertmanager's grouping key; by default the group is the alert name, as `group_by: [alertname]` makes it. */
  groupKey?: string;
}

/** Alertmanager's "no end yet": the zero time of Go, as the real sender writes it. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

/** Go's RFC 3339 with the fraction's trailing zeros trimmed (`.120Z` → `.12Z`, `.000Z` → `Z`). */
const goTime = (d: Date): string =>
  d
    .toISOString()
    .replace(/(\.\d*?)0+Z$/, '$1Z')
    .replace(/\.Z$/, 'Z');

/** The header Alertmanager's HTTP client sends. */
export const ALERTMANAGER_USER_AGENT = 'Alertmanager/0.34.0';

/**
 * Builds payloads and remembers when each alert started, so a resolution carries the start of the firing
 * it ends, as Alertmanager's does. `pageUrl` stands for Alertmanager's and Prometheus's own pages.
 */
export class AlertmanagerSender {
  private readonly startedAt = new Map<string, string>();

  constructor(private readonly pageUrl: string) {}

  payload(alert: FiredAlert, now: Date): Record<string, unknown> {
    const labels = { alertname: alert.alertname, job: 'sandbox', severity: alert.severity };
    const annotations = { summary: alert.summary };
    // Alertmanager's fingerprint is a hash of the label set: the same labels are the same alert.
    const fingerprint = createHash('sha256').update(JSON.stringify(labels)).digest('hex').slice(0, 16);
    const started = this.startedAt.get(fingerprint);
    const startsAt = started ?? goTime(now);
    if (alert.status === 'firing') this.startedAt.set(fingerprint, startsAt);
    else this.startedAt.delete(fingerprint);
    const groupKey = alert.groupKey || `{}:{alertname=${JSON.stringify(alert.alertname)}}`;
    return {
      receiver: 'firebreak',
      status: alert.status,
      alerts: [
        {
          status: alert.status,
          labels,
          annotations,
          startsAt,
          endsAt: alert.status === 'resolved' ? goTime(now) : ZERO_TIME,
          generatorURL: `${this.pageUrl}/#integrations`,
          fingerprint,
        },
      ],
      notification_reason:
        alert.status === 'resolved'
          ? 'all alerts resolved'
          : started
            ? 'repeat interval elapsed'
            : 'first notification',
      groupLabels: { alertname: alert.alertname },
      commonLabels: labels,
      commonAnnotations: annotations,
      routeLabels: {},
      externalURL: this.pageUrl,
      version: '4',
      groupKey,
      truncatedAlerts: 0,
    };
  }
}
