import type { IncidentOrigin } from './alerts';
import type { Severity } from './severity';
import type { Status } from './status';

export const ROLES = ['commander', 'comms', 'scribe'] as const;
export type Role = (typeof ROLES)[number];

export interface Incident {
  id: number;
  number: number;
  title: string;
  summary: string;
  severity: Severity | null;
  category: string | null;
  status: Status;
  isPrivate: boolean;
  roles: Record<Role, string | null>;
  declaredBy: string;
  declaredAt: Date;
  channelId: string;
  channelName: string;
  headerTs: string | null;
  /** A rehearsal: same flow, never announced, kept out of metrics. */
  isDrill: boolean;
  /** The policy plan a drill exercised. */
  drillPlan: string | null;
  updatedAt: Date;
  resolvedAt: Date | null;
  closedAt: Date | null;
  /** When Slack said the channel no longer exists (deleted); unset while it exists. */
  channelGoneAt?: Date | null;
  /** The alert that opened it (source, alert name, link to the generator); unset when a person declared it. */
  origin?: IncidentOrigin | null;
  /** Its incident type (a name in the policy's `types`); unset or null: untyped. */
  type?: string | null;
  /** The type's custom field values, checked against the policy when written. */
  fields?: StoredFields;
  /** Who holds each role the policy adds beyond commander, comms and scribe (policy key `roles`). */
  extraRoles?: Record<string, string>;
}

export const FIELD_KINDS = ['text', 'select', 'multi_select', 'user', 'number'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

export type FieldValue = string | string[] | number;

/**
 * One stored value, with the label and kind it had when written: a policy that later drops or renames the field
 * still shows it as it was.
 */
export interface StoredField {
  label: string;
  kind: FieldKind;
  value: FieldValue;
}
export type StoredFields = Record<string, StoredField>;

export const incidentRef = (number: number): string => `INC-${number}`;

/** How long it has run: to its resolution (or close) when it has one, else to `now`. */
export const runningMs = (incident: Pick<Incident, 'declaredAt' | 'resolvedAt' | 'closedAt'>, now: Date): number =>
  Math.max(0, (incident.resolvedAt ?? incident.closedAt ?? now).getTime() - incident.declaredAt.getTime());

/** Where an incident's channel opens in Slack (app or browser), for links from other tools: a page, a ticket. */
export const slackChannelUrl = (workspace: string, channelId: string): string =>
  `https://slack.com/app_redirect?team=${encodeURIComponent(workspace)}&channel=${encodeURIComponent(channelId)}`;

/** Put before a title wherever one is shown, so nobody mistakes a drill for the real thing. */
export const drillMark = (incident: Pick<Incident, 'isDrill'>): string => (incident.isDrill ? '[DRILL] ' : '');

/** `INC-42`, `inc-42` or `42`. */
export function parseIncidentRef(text: string): number | undefined {
  const m = /^(?:inc-)?(\d{1,9})$/i.exec(text.trim());
  return m ? Number(m[1]) : undefined;
}

/** Long enough to say what is broken; short enough for a header, a topic and a list line. */
/** What a person says when declaring: the declare form, the use case and the stored reservation share it. */
export interface IncidentDraft {
  title: string;
  summary: string;
  severity: Severity | null;
  category: string | null;
  isPrivate: boolean;
  commander: string | null;
  type?: string | null;
  fields?: StoredFields;
}

export const MAX_TITLE = 150;
export const MAX_SUMMARY = 3000;

export const ROLE_DUTIES: Record<Role, string> = {
  commander:
    'You lead the response: set severity and status, assign roles, decide, and keep the update cadence. Hand over with `/incident role commander @user` if you step away.',
  comms:
    'You own communication: post regular updates with the current status and next steps, keep stakeholders informed and field their questions so responders can focus.',
  scribe:
    'You keep the record: note key decisions, findings and actions as they happen (pin important messages) so the review can be written from facts.',
};
