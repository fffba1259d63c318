import { z } from 'zod';
import { ROLES } from '../../domain/incident';
import { REMINDER_KINDS } from '../../domain/reminders';
import { SEVERITIES } from '../../domain/severity';
import { STATUSES } from '../../domain/status';
import { COMPONENT_STATUSES, PUBLIC_STATUSES } from '../../domain/status-page';
import { WEBHOOK_EVENTS } from '../../domain/webhooks';
import { storedField } from '../incident/field-values';
import type { Notice } from './notice';

// The outbox stores notices as JSON; reading one back is checked against what this build
// sends, so a row an older or newer build wrote fails here, named, and is dead-lettered
// rather than half-read by a step. Dates come back from their ISO strings.

const date = z.coerce.date();
const severity = z.enum(SEVERITIES);
const status = z.enum(STATUSES);

const alertOrigin = z.object({ source: z.string(), alertName: z.string(), url: z.string().nullable() });

const incident = z.object({
  id: z.number(),
  number: z.number(),
  title: z.string(),
  summary: z.string(),
  severity: severity.nullable(),
  category: z.string().nullable(),
  status,
  isPrivate: z.boolean(),
  roles: z.object({ commander: z.string().nullable(), comms: z.string().nullable(), scribe: z.string().nullable() }),
  declaredBy: z.string(),
  declaredAt: date,
  channelId: z.string(),
  channelName: z.string(),
  headerTs: z.string().nullable(),
  isDrill: z.boolean(),
  drillPlan: z.string().nullable(),
  updatedAt: date,
  resolvedAt: date.nullable(),
  closedAt: date.nullable(),
  channelGoneAt: date.nullish(),
  origin: alertOrigin.nullish(),
  type: z.string().nullish(),
  fields: z.record(z.string(), storedField).optional(),
  extraRoles: z.record(z.string(), z.string()).optional(),
});

const reservedIncident = incident.pick({ id: true, number: true, title: true, isPrivate: true });

const reply = z.object({ user: z.string(), channelId: z.string().optional(), responseUrl: z.string().optional() });

const change = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('declared'),
    title: z.string(),
    severity: severity.nullable(),
    commander: z.string().nullable(),
    isPrivate: z.boolean(),
    drill: z.literal(true).optional(),
  }),
  z.object({ kind: z.literal('status'), from: status, to: status, message: z.string().nullable() }),
  z.object({ kind: z.literal('severity'), from: severity.nullable(), to: severity }),
  z.object({ kind: z.literal('role'), role: z.enum(ROLES), from: z.string().nullable(), to: z.string() }),
  z.object({ kind: z.literal('invited'), users: z.array(z.string()) }),
  z.object({ kind: z.literal('step_ticked'), plan: z.string(), step: z.number(), text: z.string() }),
  z.object({
    kind: z.literal('paged'),
    service: z.string(),
    provider: z.string(),
    automatic: z.boolean(),
    message: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('followup_closed'),
    text: z.string(),
    ticket: z.string(),
    tracker: z.string(),
    by: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('published'),
    message: z.string(),
    status: z.enum(PUBLIC_STATUSES),
    componentStatus: z.enum(COMPONENT_STATUSES).nullable(),
  }),
]);

const link = z.object({ title: z.string(), url: z.string() });
const guide = z.object({
  runbook: link.nullable(),
  plan: z.object({ id: z.string(), title: z.string(), url: z.string(), steps: z.array(z.string()) }).nullable(),
});

const users = z.array(z.string());

const alertPrompt = z.object({
  id: z.number(),
  source: z.string(),
  draft: z.object({
    title: z.string(),
    summary: z.string(),
    severity,
    category: z.string().nullable(),
    origin: alertOrigin,
  }),
});

const followupRef = z.object({
  id: z.number(),
  text: z.string(),
  owner: z.string().nullable(),
  due: z.string().nullable(),
});

const webhookEvent = z.object({
  type: z.enum(WEBHOOK_EVENTS),
  at: date,
  actor: z.string().nullable(),
  change: z
    .object({
      field: z.enum(['status', 'severity', 'role']),
      role: z.string().optional(),
      from: z.string().nullable(),
      to: z.string(),
    })
    .optional(),
  update: z.object({ text: z.string() }).optional(),
  review: z.object({ document: z.string(), actionItems: z.number() }).optional(),
  followup: followupRef.extend({ done: z.boolean() }).optional(),
});

const noticeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('declared'), incident, reply }),
  z.object({
    type: z.literal('declare_pending'),
    incident: reservedIncident,
    channelName: z.string(),
    reply,
    // Rows written before it existed have none.
    etaMs: z.number().optional(),
  }),
  z.object({ type: z.literal('declare_failed'), incident: reservedIncident, error: z.string(), reply }),
  z.object({
    type: z.literal('changed'),
    incident,
    before: incident,
    event: z.object({ change, actor: z.string(), at: date }),
  }),
  z.object({
    type: z.literal('review_submitted'),
    incident,
    document: z.string(),
    actor: z.string(),
    actionItems: z.number(),
  }),
  z.object({ type: z.literal('recovery_offered'), incident, guide }),
  z.object({
    type: z.literal('extra_role_assigned'),
    incident,
    role: z.string(),
    user: z.string(),
    actor: z.string(),
    duties: z.string(),
  }),
  z.object({ type: z.literal('step_ticked'), incident }),
  z.object({
    type: z.literal('drill_due'),
    plan: z.object({ id: z.string(), title: z.string() }),
    owners: users,
    lastDrillAt: date.nullable(),
    due: date,
  }),
  z.object({ type: z.literal('feedback_requested'), incident, users }),
  z.object({
    type: z.literal('update_posted'),
    incident,
    text: z.string(),
    actor: z.string(),
    nextUpdateDue: date,
    subscribers: users,
    fieldsChanged: z.literal(true).optional(),
  }),
  z.object({
    type: z.literal('note_added'),
    incident,
    text: z.string(),
    actor: z.string(),
    toStakeholders: z.boolean(),
  }),
  z.object({
    type: z.literal('followup_added'),
    incident,
    followup: followupRef,
    actor: z.string(),
    ownerOnly: z.boolean().optional(),
  }),
  z.object({ type: z.literal('followup_done'), incident, followup: followupRef, actor: z.string() }),
  z.object({ type: z.literal('webhook'), lane: z.string(), endpoint: z.string(), incident, event: webhookEvent }),
  z.object({ type: z.literal('key_marked'), incident, ts: z.string() }),
  z.object({ type: z.literal('catchup_owed'), incident, user: z.string() }),
  z.object({
    type: z.literal('declared_from_message'),
    incident,
    source: z.object({
      declarer: z.string(),
      channelId: z.string(),
      ts: z.string(),
      threadTs: z.string().nullable(),
      author: z.string(),
      text: z.string(),
      permalink: z.string().nullable(),
    }),
  }),
  z.object({
    type: z.literal('workflow_step_done'),
    lane: z.string(),
    executionId: z.string(),
    outputs: z.record(z.string(), z.string()).optional(),
    error: z.string().optional(),
  }),
  z.object({ type: z.literal('alert_prompted'), prompt: alertPrompt, lane: z.string() }),
  z.object({ type: z.literal('alert_prompt_resolved'), prompt: alertPrompt, lane: z.string() }),
  z.object({ type: z.literal('alert_resolved'), incident, origin: alertOrigin }),
  z.object({
    type: z.literal('page_requested'),
    lane: z.string(),
    incident,
    service: z.string(),
    actor: z.string(),
    message: z.string().nullable(),
    automatic: z.boolean(),
  }),
  z.object({ type: z.literal('page_resolved'), lane: z.string(), incident, service: z.string() }),
  z.object({ type: z.literal('canvas_refresh'), lane: z.string(), incident }),
  z.object({ type: z.literal('review_exported'), lane: z.string(), incident, document: z.string() }),
  z.object({ type: z.literal('status_page_post'), lane: z.string(), incident, post: z.number() }),
  z.object({ type: z.literal('status_page_resolve_offer'), lane: z.string(), incident }),
  z.object({
    type: z.literal('ticket_create'),
    lane: z.string(),
    incident,
    followup: followupRef,
    actor: z.string(),
    fromReview: z.boolean(),
  }),
  z.object({
    type: z.literal('ticket_close'),
    lane: z.string(),
    incident,
    followup: followupRef.pick({ id: true, text: true }),
    actor: z.string(),
  }),
  z.object({
    type: z.literal('ticket_closed'),
    incident,
    followup: followupRef.pick({ id: true, text: true }),
    ticket: z.object({ key: z.string(), url: z.string() }),
    tracker: z.string(),
    by: z.string().nullable(),
  }),
  z.object({
    type: z.literal('reminder_fired'),
    incident,
    reminder: z.object({ id: z.number(), kind: z.enum(REMINDER_KINDS), firedAt: date, escalate: z.boolean() }),
    dm: z.string().nullable(),
    followup: z
      .object({ text: z.string(), due: z.string(), ticket: z.object({ key: z.string(), url: z.string() }).optional() })
      .nullable(),
    subscribers: users,
    latestUpdate: z.object({ text: z.string(), at: date }).nullable(),
    nextUpdateDue: date.nullable(),
    lastUpdateAt: date.nullable(),
  }),
]);

export const encodeNotice = (n: Notice): string => JSON.stringify(n);

/** Throws, naming what is wrong, for a row no notice of this build reads as: bad JSON, an unknown kind, a missing or malformed part. */
export function decodeNotice(raw: unknown): Notice {
  const value = typeof raw === 'string' ? JSON.parse(raw) : raw;
  const result = noticeSchema.safeParse(value);
  if (!result.success) throw new Error(`notice does not read: ${z.prettifyError(result.error).replaceAll('\n', '; ')}`);
  // Typed as Notice, so a schema that reads what Notice does not say fails to compile.
  return result.data;
}
