import type { Incident } from '../../domain/incident';
import type { IncidentEvent } from '../../domain/incident-event';
import type { ChannelReservations } from './reservation.ports';

/** Bound to one transaction when handed out by the unit of work's transaction(). */
export interface IncidentRepository extends ChannelReservations {
  nextNumber(): Promise<number>;
  /** Gives `user` a role of the policy's beyond the three built in; the person who held it before, if anyone. */
  setExtraRole(incidentId: number, role: string, user: string, at: Date): Promise<string | null>;
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
  findByChannel(channelId: string, opts?: { forUpdate?: boolean }): Promise<Incident | undefined>;
  findByNumber(number: number): Promise<Incident | undefined>;
  findById(id: number): Promise<Incident | undefined>;
  /** The number of another open incident holding the alert group this incident was opened for (at most one may). */
  alertGroupHolder(incidentId: number): Promise<number | undefined>;
  update(incident: Incident): Promise<void>;
  listOpen(): Promise<Incident[]>;
  /** Open incidents (with a channel) declared at or after `since`, the newest first. */
  listOpenDeclaredSince(since: Date): Promise<Incident[]>;
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
