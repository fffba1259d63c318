import type { IncidentDraft } from '../../domain/incident';

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
