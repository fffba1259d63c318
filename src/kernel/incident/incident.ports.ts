import type { Incident } from '../../domain/incident';
import type { IncidentEvent } from '../../domain/incident-event';
import type { Severity } from '../../domain/severity';
import type { Ties } from '../../domain/visibility';
import type { UnitOfWork } from '../db/unit-of-work.ports';

export interface NewIncident {
  number: number;
  title: string;
  summary: string;
  severity: Severity | null;
  category: string | null;
  isPrivate: boolean;
  commander: string | null;
  declaredBy: string;
  declaredAt: Date;
  channelId: string;
  channelName: string;
  /** Slack's view id of the declare modal: a replayed submission finds the incident it already made. */
  declareKey: string | null;
  isDrill?: boolean;
  drillPlan?: string | null;
}

/** An incident recorded before its channel exists (see migrations/0007). */
export interface Reservation extends Omit<NewIncident, 'channelId' | 'channelName'> {
  reply: ReplyTarget;
  /** Until then the declaring request is still trying; the worker waits. */
  channelDueAt: Date;
}

/** A reservation whose channel is owed; `claim` fences the worker holding it (null in the declaring request). */
export interface PendingChannel extends Reservation {
  id: number;
  attempts: number;
  claim: string | null;
}

/** Bound to one transaction when handed out by {@link UnitOfWork.run}. */
export interface IncidentRepository {
  nextNumber(): Promise<number>;
  cadence(incidentId: number): Promise<IncidentCadence>;
  /** Incidents with their cadence and review status, for many reminders in one query; channel-less reservations left out. */
  reminderFacts(incidentIds: number[]): Promise<Map<number, IncidentFacts>>;
  recordUpdate(incidentId: number, at: Date, nextDue: Date): Promise<void>;
  /** Records that Slack no longer has the incident's channel; false when it was recorded already. */
  markChannelGone(incidentId: number, at: Date): Promise<boolean>;
  setCommanderPresent(incidentId: number, present: boolean): Promise<void>;
  subscribe(incidentId: number, user: string, at: Date): Promise<boolean>;
  unsubscribe(incidentId: number, user: string): Promise<boolean>;
  subscribers(incidentId: number): Promise<string[]>;
  /** Lifecycle changes, oldest first. */
  events(incidentId: number): Promise<IncidentEvent[]>;
  /** Returns 'duplicate' when an incident with the same declareKey exists. */
  insert(draft: NewIncident): Promise<Incident | 'duplicate'>;
  /** Records an incident with no channel yet; 'duplicate' when its declareKey was seen. */
  reserve(r: Reservation): Promise<PendingChannel | 'duplicate'>;
  /** The incident a declare request made, or the reservation still waiting for its channel. */
  findDeclared(declareKey: string): Promise<{ incident: Incident } | { pending: PendingChannel } | undefined>;
  /** Gives a reservation its channel; undefined when the claim was lost or it already has one. */
  attachChannel(p: PendingChannel, channel: { id: string; name: string }): Promise<Incident | undefined>;
  /** Reservations whose channel is due, each claimed for `leaseMs`. */
  claimPendingChannels(now: Date, leaseMs: number, limit: number): Promise<PendingChannel[]>;
  /** Puts a claimed reservation back until `due`; false when the claim was lost. */
  deferChannel(p: PendingChannel, due: Date): Promise<boolean>;
  /** Drops a reservation Slack refused for good: nothing of it remains, its number stays burned. */
  discardReservation(p: PendingChannel): Promise<boolean>;
  pendingChannelsDueBy(now: Date): Promise<number>;
  findByChannel(channelId: string, opts?: { forUpdate?: boolean }): Promise<Incident | undefined>;
  findByNumber(number: number): Promise<Incident | undefined>;
  findById(id: number): Promise<Incident | undefined>;
  findByDeclareKey(key: string): Promise<Incident | undefined>;
  update(incident: Incident): Promise<void>;
  listOpen(): Promise<Incident[]>;
  /** Closed incidents, the most recently closed first; `offset` pages on. */
  listClosed(limit: number, offset: number): Promise<Incident[]>;
  /** `before`/`after`: the incident around the change, for the audit log. */
  addEvent(
    incidentId: number,
    event: IncidentEvent,
    audit?: { before: Incident | null; after: Incident },
  ): Promise<void>;
  /** Every recorded change with its before and after state, oldest first. */
  auditLog(incidentId: number): Promise<AuditEntry[]>;
  addParticipants(incidentId: number, users: string[], at: Date): Promise<void>;
  setHeaderTs(incidentId: number, ts: string): Promise<void>;
  /** The Slack messages kept up to date outside the header: the announcement and the open update nudge. */
  slackMessages(incidentId: number): Promise<IncidentMessages>;
  setAnnouncement(incidentId: number, channel: string, ts: string): Promise<void>;
  setUpdateNudgeTs(incidentId: number, ts: string | null): Promise<void>;
}

export interface IncidentMessages {
  announcement: { channel: string; ts: string } | null;
  updateNudgeTs: string | null;
}

export interface AuditEntry {
  kind: string;
  actor: string;
  at: Date;
  data: unknown;
  before: unknown;
  after: unknown;
}

export interface IncidentCadence {
  lastUpdateAt: Date | null;
  nextUpdateDue: Date | null;
  commanderPresent: boolean;
}

export interface IncidentFacts extends IncidentCadence {
  incident: Incident;
  reviewSubmitted: boolean;
}

/** Where a command came from, so confirmations reach the person who asked. */
export interface ReplyTarget {
  user: string;
  channelId?: string;
  responseUrl?: string;
}

/** Who is tied to each incident, and how: the facts src/domain/visibility.ts decides from. */
export interface MembershipRepository {
  /** A membership event for an incident's channel; false when the channel is no incident's or a newer event already moved them. */
  record(channelId: string, user: string, inChannel: boolean, eventTs: string): Promise<boolean>;
  /** Someone pinned a message of the incident's channel or marked it with :pushpin: (kept once per person). */
  recordMarker(incidentId: number, user: string, at: Date): Promise<void>;
  /** Every incident asked for is in the map, with empty ties when nobody is known. */
  ties(incidentIds: number[]): Promise<Map<number, Ties>>;
}
