import type { AlertDraft, IncidentOrigin } from '../../domain/alerts';
import type { Followup, FollowupTicketLink } from '../../domain/followup';
import type { Incident } from '../../domain/incident';
import type { IncidentEvent } from '../../domain/incident-event';
import type { OfferedGuide } from '../../domain/recovery';
import type { ReminderKind } from '../../domain/reminders';
import type { WebhookEvent } from '../../domain/webhooks';
import type { CallPriority } from '../call-priority';
import type { ReplyTarget } from '../incident/reservation.ports';

/** A message someone declared an incident from, where it is and what it said. */
export interface SourceMessage {
  declarer: string;
  channelId: string;
  ts: string;
  threadTs: string | null;
  author: string;
  text: string;
  permalink: string | null;
}

type ReservedIncident = Pick<Incident, 'id' | 'number' | 'title' | 'isPrivate'>;

export type Notice =
  | { type: 'declared'; incident: Incident; reply: ReplyTarget }
  /**
   * The declarer is told the incident is logged and its channel is on its way; `etaMs`, when Slack's
   * rate limit holds it back: roughly how long until the channel's turn.
   */
  | { type: 'declare_pending'; incident: ReservedIncident; channelName: string; reply: ReplyTarget; etaMs?: number }
  /** Slack refused the channel for good after the declarer was told it was pending. */
  | { type: 'declare_failed'; incident: ReservedIncident; error: string; reply: ReplyTarget }
  | { type: 'changed'; incident: Incident; before: Incident; event: IncidentEvent }
  /** A role of the policy's beyond the three built in was given (`duties`: what the person is sent by DM). */
  | { type: 'extra_role_assigned'; incident: Incident; role: string; user: string; actor: string; duties: string }
  | { type: 'review_submitted'; incident: Incident; document: string; actor: string; actionItems: number }
  | { type: 'recovery_offered'; incident: Incident; guide: OfferedGuide }
  /** Redraws the checklist message from the stored ticks. */
  | { type: 'step_ticked'; incident: Incident }
  | { type: 'drill_due'; plan: { id: string; title: string }; owners: string[]; lastDrillAt: Date | null; due: Date }
  | { type: 'feedback_requested'; incident: Incident; users: string[] }
  | {
      type: 'update_posted';
      incident: Incident;
      text: string;
      actor: string;
      nextUpdateDue: Date;
      subscribers: string[];
      /** The update changed the incident's custom fields: the header shows them. */
      fieldsChanged?: true;
    }
  /** `toStakeholders`: the next digest will carry it, so the channel is told. */
  | { type: 'note_added'; incident: Incident; text: string; actor: string; toStakeholders: boolean }
  /**
   * Posted in the channel; its owner, if any, gets a DM with a Done button. `ownerOnly`:
   * an action item of a published review, which the channel sees in the review itself.
   */
  | {
      type: 'followup_added';
      incident: Incident;
      followup: Pick<Followup, 'id' | 'text' | 'owner' | 'due'>;
      actor: string;
      ownerOnly?: boolean;
    }
  /** Marked done: nothing is owed to Slack for it, but other tools hear of it (webhooks). */
  | {
      type: 'followup_done';
      incident: Incident;
      followup: Pick<Followup, 'id' | 'text' | 'owner' | 'due'>;
      actor: string;
    }
  /** One change for one webhook endpoint, in its own lane (`serviceLane('webhook:<name>', id)`). */
  | { type: 'webhook'; lane: string; endpoint: string; incident: Incident; event: WebhookEvent }
  /** A pin or :pushpin: made a message key: the bot confirms it on the message. */
  | { type: 'key_marked'; incident: Incident; ts: string }
  /**
   * Declared from a message (the message shortcut): the incident's timeline starts with it, and (unless the incident
   * is private) its thread gets a reply linking the channel. `source`: as the signed shortcut payload carried it.
   */
  | { type: 'declared_from_message'; incident: Incident; source: SourceMessage }
  /**
   * A Workflow Builder step Firebreak ran is done: `outputs` for functions.completeSuccess, or `error` for
   * functions.completeError. In its own lane (`workflow:<execution id>`).
   */
  | {
      type: 'workflow_step_done';
      lane: string;
      executionId: string;
      outputs?: Record<string, string>;
      error?: string;
    }
  /** Someone joined the incident's channel: the catch-up card, to them alone, read from the record when sent. */
  | { type: 'catchup_owed'; incident: Incident; user: string }
  /** declare: ask. An alert no incident is open for, posted in the announcement channel to declare or dismiss. */
  | { type: 'alert_prompted'; prompt: { id: number; source: string; draft: AlertDraft }; lane: string }
  /** The alert of an undecided prompt resolved: the prompt is redrawn without its buttons. */
  | { type: 'alert_prompt_resolved'; prompt: { id: number; source: string; draft: AlertDraft }; lane: string }
  /** The alert that opened the incident has resolved: its channel is told, with a Resolve button. */
  | { type: 'alert_resolved'; incident: Incident; origin: IncidentOrigin }
  /**
   * The on-call is paged through `service` (its own lane, `serviceLane('page:<service>', id)`). `actor`: who paged,
   * or whose declaration or raise set off an `automatic` page (which is dropped if that service was paged already).
   */
  | {
      type: 'page_requested';
      lane: string;
      incident: Incident;
      service: string;
      actor: string;
      message: string | null;
      automatic: boolean;
    }
  /** The incident is over: an open page at `service` is resolved (PagerDuty) or closed (Opsgenie). */
  | { type: 'page_resolved'; lane: string; incident: Incident; service: string }
  /** A follow-up becomes a ticket in the policy's tracker, in its lane (`serviceLane('tickets', id)`). */
  | {
      type: 'ticket_create';
      lane: string;
      incident: Incident;
      followup: Pick<Followup, 'id' | 'text' | 'owner' | 'due'>;
      actor: string;
      /** An action item of a published review. */
      fromReview: boolean;
    }
  /** A follow-up marked done in Slack: its ticket is closed in the tracker (or commented on where it cannot be). */
  | { type: 'ticket_close'; lane: string; incident: Incident; followup: Pick<Followup, 'id' | 'text'>; actor: string }
  /** A ticket closed in the tracker marked its follow-up done: the channel is told. `by`: who, in the tracker. */
  | {
      type: 'ticket_closed';
      incident: Incident;
      followup: Pick<Followup, 'id' | 'text'>;
      ticket: FollowupTicketLink;
      tracker: string;
      by: string | null;
    }
  /**
   * A published review, owed to the wiki (its own lane, `serviceLane('wiki:confluence', id)`): the page is created
   * or updated with `document`, then the channel is told where it is (or why not).
   */
  | { type: 'review_exported'; lane: string; incident: Incident; document: string }
  /** A public post on the status page, stored as `post` (its own lane, `serviceLane('statuspage', id)`). */
  | { type: 'status_page_post'; lane: string; incident: Incident; post: number }
  /** The incident is resolved: if its public incident is still open, the commander is asked to resolve it too. */
  | { type: 'status_page_resolve_offer'; lane: string; incident: Incident }
  /**
   * The incident's channel canvas is redrawn from the record as it stands when delivered, in a Slack lane of its own
   * (`serviceLane('canvas', id)`: three parts, so not counted as another service's), so a canvas waiting for its
   * rate limit holds up none of the incident's messages. Owed once for all the changes made while one waits
   * (OutboxRepository.enqueueCoalesced).
   */
  | { type: 'canvas_refresh'; lane: string; incident: Incident }
  | ReminderNotice;

/**
 * The lane a notice waits in: a lane's notices are delivered one after another, in order. An incident's
 * Slack notices share its lane; a notice for another service names its own (`lane`, from `serviceLane`),
 * so an endpoint that is down for hours holds up only itself.
 */
export function noticeLane(notice: Notice): string {
  if ('lane' in notice && typeof notice.lane === 'string') return notice.lane;
  if ('incident' in notice) return `incident:${notice.incident.id}`;
  return 'plan' in notice ? `drill:${notice.plan.id}` : notice.lane;
}

/** One incident's lane for one outside target (a webhook endpoint, a paging service): `<target>` then the incident's. */
export const serviceLane = (target: string, incidentId: number): string => [target, 'incident', incidentId].join(':');

/** A lane serviceLane() named (four parts; an incident's own and a drill's have two). */
export const isServiceLane = (lane: string): boolean => lane.split(':').length === 4;

/**
 * Who waits for each kind (see CallPriority): the outbox claims in this order and the pacer keeps
 * tokens back from priority 2. A declarer waits for the channel and the answer; digests and nudges wait.
 */
export const NOTICE_PRIORITY: { readonly [Type in Notice['type']]: CallPriority } = {
  declared: 0,
  declare_pending: 0,
  declare_failed: 0,
  changed: 1,
  extra_role_assigned: 1,
  review_submitted: 1,
  recovery_offered: 1,
  step_ticked: 1,
  feedback_requested: 2,
  update_posted: 1,
  note_added: 1,
  followup_added: 1,
  key_marked: 1,
  catchup_owed: 1,
  declared_from_message: 1,
  // A workflow waits on its step.
  workflow_step_done: 0,
  alert_prompted: 1,
  alert_prompt_resolved: 1,
  alert_resolved: 1,
  followup_done: 1,
  // Nobody waits in Slack for them: what a person waits for is claimed first.
  webhook: 2,
  drill_due: 2,
  reminder_fired: 2,
  page_requested: 1,
  page_resolved: 1,
  // The tracker's side waits for nobody in Slack; what the channel is told of the tracker does.
  ticket_create: 2,
  ticket_close: 2,
  ticket_closed: 1,
  review_exported: 2,
  status_page_post: 1,
  status_page_resolve_offer: 1,
  // Read in the channel's canvas tab; nobody's window waits for it.
  canvas_refresh: 2,
};

/**
 * A reminder fired: what it owes Slack, decided when it fired. Who may still see a
 * private incident is decided at delivery, as is whether the reminder still stands.
 */
export interface ReminderNotice {
  type: 'reminder_fired';
  incident: Incident;
  reminder: { id: number; kind: ReminderKind; firedAt: Date; escalate: boolean };
  /** Who it DMs, if anyone: a follow-up's owner, or the commander for escalations and review nudges. */
  dm: string | null;
  /** `ticket`: the follow-up's in the tracker, which the nudge links. */
  followup: { text: string; due: string; ticket?: FollowupTicketLink } | null;
  /** Digests: who subscribed by DM, and the last human update. */
  subscribers: string[];
  latestUpdate: { text: string; at: Date } | null;
  nextUpdateDue: Date | null;
  lastUpdateAt: Date | null;
}
