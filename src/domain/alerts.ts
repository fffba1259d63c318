import type { Severity } from './severity';
import { cut } from './text';

/** What Firebreak does with an alert group that no open incident has yet. */
export type DeclareMode = 'auto' | 'ask' | 'never';
export const DECLARE_MODES: readonly DeclareMode[] = ['auto', 'ask', 'never'];

export type AlertSourceKind = 'alertmanager' | 'grafana' | 'generic';
export const ALERT_SOURCE_KINDS: readonly AlertSourceKind[] = ['alertmanager', 'grafana', 'generic'];

/** One entry of the policy's `alertSources`, keyed by the name in `/hooks/alerts/<name>`. */
export interface AlertSource {
  name: string;
  kind: AlertSourceKind;
  /** The environment variable holding the source's secret (read once at start, never stored in the policy). */
  secretEnv: string;
  /** The label read for the severity, and its values (lower case) mapped to severities; others are SEV4. */
  severityLabel: string;
  severities: Record<string, Severity>;
  /** The label whose value names the category (matched to `categories` regardless of case); null: none. */
  categoryLabel: string | null;
  declare: DeclareMode;
}

export const DEFAULT_ALERT_SEVERITIES: Record<string, Severity> = {
  critical: 'SEV1',
  high: 'SEV2',
  error: 'SEV2',
  warning: 'SEV3',
};

/** One alert as every sender's payload reads once parsed. */
export interface ReceivedAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  fingerprint: string | null;
  generatorUrl: string | null;
}

/** One delivery from a source: a group of alerts, firing while any of them is. */
export interface AlertGroup {
  /** The sender's grouping key (Alertmanager's `groupKey`), or the alert's fingerprint. */
  key: string;
  status: 'firing' | 'resolved';
  alerts: ReceivedAlert[];
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  /** A link back to the sender (Alertmanager's or Grafana's own page). */
  externalUrl: string | null;
  /** A title the sender wrote itself (Grafana's `title`, the generic `title`). */
  title: string | null;
}

/** Where an incident came from: recorded with it and shown in its header, status card and review. */
export interface IncidentOrigin {
  source: string;
  alertName: string;
  url: string | null;
}

/** What the declare form, or an automatic declaration, starts from. */
export interface AlertDraft {
  title: string;
  summary: string;
  severity: Severity;
  category: string | null;
  origin: IncidentOrigin;
}

const MAX_TITLE = 150;
const MAX_SUMMARY = 3000;
const MAX_URL = 1000;

/** A label or annotation the group shares, or else the first alert's. */
function read(group: AlertGroup, from: 'labels' | 'annotations', name: string): string | undefined {
  const common = from === 'labels' ? group.commonLabels : group.commonAnnotations;
  return common[name] ?? group.alerts.find((a) => a[from][name] !== undefined)?.[from][name];
}

export function alertSeverity(source: AlertSource, group: AlertGroup): Severity {
  const value = read(group, 'labels', source.severityLabel)?.trim().toLowerCase();
  return (value && source.severities[value]) || 'SEV4';
}

export function alertCategory(source: AlertSource, group: AlertGroup, categories: readonly string[]): string | null {
  if (!source.categoryLabel) return null;
  const value = read(group, 'labels', source.categoryLabel)?.trim().toLowerCase();
  return (value && categories.find((c) => c.toLowerCase() === value)) || null;
}

export const alertName = (group: AlertGroup): string =>
  cut(read(group, 'labels', 'alertname') ?? group.title ?? 'alert', 200);

const safeUrl = (url: string | null | undefined): string | null =>
  url && /^https?:\/\/[^\s<>|]+$/.test(url) && url.length <= MAX_URL ? url : null;

/** The declaration an alert group asks for: its summary annotation (or name) as title, its description as summary. */
export function alertDraft(source: AlertSource, group: AlertGroup, categories: readonly string[]): AlertDraft {
  const name = alertName(group);
  const title = read(group, 'annotations', 'summary') ?? group.title ?? name;
  const description = read(group, 'annotations', 'description') ?? '';
  const firing = group.alerts.filter((a) => a.status === 'firing').length;
  const lines = [description, `Alert ${name} from ${source.name} (${firing} of ${group.alerts.length} firing).`].filter(
    (l) => l.trim(),
  );
  return {
    title: cut(title.replace(/\s+/g, ' ').trim(), MAX_TITLE) || name,
    summary: cut(lines.join('\n\n'), MAX_SUMMARY),
    severity: alertSeverity(source, group),
    category: alertCategory(source, group, categories),
    origin: {
      source: source.name,
      alertName: name,
      url: safeUrl(group.alerts.find((a) => a.generatorUrl)?.generatorUrl) ?? safeUrl(group.externalUrl),
    },
  };
}

/** The timeline's line for a delivery to an incident already open for the group. */
export function alertTimelineText(group: AlertGroup, origin: IncidentOrigin): string {
  const firing = group.alerts.filter((a) => a.status === 'firing').length;
  return group.status === 'resolved'
    ? `Alert ${origin.alertName} from ${origin.source} resolved.`
    : `Alert ${origin.alertName} from ${origin.source} fired again (${firing} of ${group.alerts.length} firing).`;
}
