import type { IncidentOrigin } from '../../domain/alerts';
import type { Incident, IncidentDraft } from '../../domain/incident';

interface NewIncident extends IncidentDraft {
  number: number;
  declaredBy: string;
  declaredAt: Date;
  channelId: string;
  channelName: string;
  /** Slack's view id of the declare modal: a replayed submission finds the incident it already made. */
  declareKey: string | null;
  isDrill?: boolean;
  drillPlan?: string | null;
  /** Declared for an alert group: at most one open incident per group (`group`, a digest of its key). */
  alert?: { origin: IncidentOrigin; group: string } | null;
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

/** Where a command came from, so confirmations reach the person who asked. */
export interface ReplyTarget {
  user: string;
  channelId?: string;
  responseUrl?: string;
}

/** The incidents repository's side for incidents declared before their channel exists. */
export interface ChannelReservations {
  /**
   * Records an incident with no channel yet; 'duplicate' when its declareKey was seen; 'alert_group_open'
   * when its alert group already has an open incident (one at a time, migrations/0020).
   */
  reserve(r: Reservation): Promise<PendingChannel | 'duplicate' | 'alert_group_open'>;
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
  /** Reservations with a lower number still owed a channel, due or not: the queue ahead of `number`. */
  channelsOwedBefore(number: number): Promise<number>;
}
