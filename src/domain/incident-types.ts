import type { Incident, StoredField, StoredFields } from './incident';
import type { IncidentType, Policy, SeverityPolicy } from './policy';
import type { Severity } from './severity';

// Incident types (policy key `types`): which defaults an incident follows, and its custom fields as text.

export const typeOf = (policy: Pick<Policy, 'types'>, name: string | null | undefined): IncidentType | undefined =>
  name ? policy.types.find((t) => t.name === name) : undefined;

/** The severity policy an incident follows: its type's, when the type is still configured. */
export function severityPolicyOf(
  policy: Pick<Policy, 'types' | 'severities'>,
  incident: { severity: Severity | null; type?: string | null },
): SeverityPolicy | null {
  if (!incident.severity) return null;
  return (typeOf(policy, incident.type) ?? policy).severities[incident.severity];
}

/** Where an incident's declaration is announced: its type's channel when it names one. */
export function announcementChannelOf(
  policy: Pick<Policy, 'types' | 'announcementChannel'>,
  incident: { type?: string | null },
): string | null {
  const own = typeOf(policy, incident.type)?.announcementChannel;
  return own === undefined ? policy.announcementChannel : own;
}

/** How a value's parts are written: people (a Slack mention by default) and typed text (as is by default). */
export interface FieldFormat {
  user: (id: string) => string;
  text: (text: string) => string;
}
const PLAIN: FieldFormat = { user: (id) => `<@${id}>`, text: (t) => t };

/** A field value as text. */
export function fieldValueText(field: StoredField, format: FieldFormat = PLAIN): string {
  const v = field.value;
  if (field.kind === 'user' && typeof v === 'string') return format.user(v);
  return format.text(Array.isArray(v) ? v.join(', ') : String(v));
}

/**
 * An incident's type and custom fields as label/value text, in the type's order and then any a policy change
 * dropped (with their stored labels, or keys). Empty when it has no type and no fields.
 */
export function incidentFieldLines(
  incident: Pick<Incident, 'type' | 'fields'>,
  policy?: Pick<Policy, 'types'>,
  format: FieldFormat = PLAIN,
): { label: string; value: string }[] {
  const fields = incident.fields ?? {};
  const order = typeOf(policy ?? { types: [] }, incident.type)?.fields.map((f) => f.key) ?? [];
  const keys = [...order.filter((k) => k in fields), ...Object.keys(fields).filter((k) => !order.includes(k))];
  return [
    ...(incident.type ? [{ label: 'Type', value: format.text(incident.type) }] : []),
    ...keys.map((k) => ({ label: fields[k].label || k, value: fieldValueText(fields[k], format) })),
  ];
}

/** What the custom fields' change was, field by field, as text (the timeline's and the audit log's record). */
export function fieldChanges(
  before: StoredFields,
  after: StoredFields,
): { label: string; from: string | null; to: string | null }[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.flatMap((key) => {
    const from = before[key] ? fieldValueText(before[key]) : null;
    const to = after[key] ? fieldValueText(after[key]) : null;
    return from === to ? [] : [{ label: after[key]?.label || before[key]?.label || key, from, to }];
  });
}
