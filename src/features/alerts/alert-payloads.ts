import { z } from 'zod';
import type { AlertGroup, AlertSourceKind, ReceivedAlert } from '../../domain/alerts';

// What each kind of sender posts, checked as the sender writes it: unknown fields are ignored (senders add
// fields over releases: Alertmanager's notification_reason and routeLabels, Grafana's per-alert extras), and
// a missing or malformed field the alert needs is refused, named.

const kv = z.record(z.string(), z.string());
const status = z.enum(['firing', 'resolved']);

/** An alert of Alertmanager's webhook (v4) and of Grafana's webhook contact point: the same shape. */
const sentAlert = z.object({
  status,
  labels: kv,
  annotations: kv,
  startsAt: z.string(),
  endsAt: z.string(),
  generatorURL: z.string(),
  fingerprint: z.string(),
});

const envelope = {
  receiver: z.string(),
  status,
  alerts: z.array(sentAlert).min(1, 'must hold at least one alert'),
  groupLabels: kv,
  commonLabels: kv,
  commonAnnotations: kv,
  externalURL: z.string(),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().nonnegative(),
};

const alertmanager = z.object({ ...envelope, version: z.literal('4') });
const grafana = z.object({
  ...envelope,
  version: z.literal('1'),
  orgId: z.number().int().optional(),
  title: z.string().optional(),
  state: z.string().optional(),
  message: z.string().optional(),
});

/** Firebreak's own shape for senders that are neither (docs/alerts.md): one alert per delivery. */
const generic = z.object({
  key: z.string().trim().min(1).max(500),
  status,
  title: z.string().trim().min(1).max(500),
  description: z.string().max(3000).optional(),
  labels: kv.optional(),
  url: z.string().optional(),
});

export type Parsed = { ok: true; group: AlertGroup } | { ok: false; problem: string };

function problemOf(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
    .join('; ');
}

const toAlert = (a: z.infer<typeof sentAlert>): ReceivedAlert => ({
  status: a.status,
  labels: a.labels,
  annotations: a.annotations,
  fingerprint: a.fingerprint || null,
  generatorUrl: a.generatorURL || null,
});

/** The body (already JSON) as a group of alerts, or what is wrong with it. */
export function parseAlertPayload(kind: AlertSourceKind, body: unknown): Parsed {
  if (kind === 'generic') {
    const got = generic.safeParse(body);
    if (!got.success) return { ok: false, problem: problemOf(got.error) };
    const p = got.data;
    const labels = { alertname: p.title, ...p.labels };
    return {
      ok: true,
      group: {
        key: p.key,
        status: p.status,
        alerts: [{ status: p.status, labels, annotations: {}, fingerprint: p.key, generatorUrl: p.url ?? null }],
        commonLabels: labels,
        commonAnnotations: { summary: p.title, ...(p.description ? { description: p.description } : {}) },
        externalUrl: null,
        title: p.title,
      },
    };
  }
  const got = (kind === 'alertmanager' ? alertmanager : grafana).safeParse(body);
  if (!got.success) return { ok: false, problem: problemOf(got.error) };
  const p = got.data;
  // groupKey is always set by both senders; a custom payload template without it still groups by its first alert.
  const key = p.groupKey || p.alerts[0].fingerprint;
  if (!key) return { ok: false, problem: 'groupKey: neither groupKey nor alerts.0.fingerprint is set' };
  return {
    ok: true,
    group: {
      key,
      status: p.status,
      alerts: p.alerts.map(toAlert),
      commonLabels: p.commonLabels,
      commonAnnotations: p.commonAnnotations,
      externalUrl: p.externalURL || null,
      title: 'title' in p && p.title ? p.title : null,
    },
  };
}
