import type { Incident } from '../domain/incident';
import type { IncidentEvent } from '../domain/incident-event';
import type { Result } from '../domain/result';
import type { Severity } from '../domain/severity';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

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
}

/** Bound to one transaction when handed out by {@link UnitOfWork.run}. */
export interface IncidentRepository {
  nextNumber(): Promise<number>;
  /** Returns 'duplicate' when an incident with the same declareKey exists. */
  insert(draft: NewIncident): Promise<Incident | 'duplicate'>;
  findByChannel(channelId: string, opts?: { forUpdate?: boolean }): Promise<Incident | undefined>;
  findByNumber(number: number): Promise<Incident | undefined>;
  findByDeclareKey(key: string): Promise<Incident | undefined>;
  update(incident: Incident): Promise<void>;
  listOpen(): Promise<Incident[]>;
  addEvent(incidentId: number, event: IncidentEvent): Promise<void>;
  addParticipants(incidentId: number, users: string[], at: Date): Promise<void>;
  participants(incidentId: number): Promise<string[]>;
  /** Participants of many incidents in one query, keyed by incident id. */
  participantsOf(incidentIds: number[]): Promise<Map<number, string[]>>;
  setHeaderTs(incidentId: number, ts: string): Promise<void>;
}

export interface UnitOfWork {
  /** Repositories outside any transaction, for reads. */
  readonly incidents: IncidentRepository;
  transaction<T>(fn: (incidents: IncidentRepository) => Promise<T>): Promise<T>;
}

export type ChannelFailure = { kind: 'name_taken' } | { kind: 'failed'; error: string };

/** Slack calls whose answer the flow itself needs (as opposed to notices sent after a commit). */
export interface ChannelGateway {
  createChannel(name: string, isPrivate: boolean): Promise<Result<{ id: string; name: string }, ChannelFailure>>;
  /** Best effort: used to take back a channel whose incident could not be saved. */
  archiveChannel(channelId: string): Promise<void>;
}

/** Where a command came from, so confirmations reach the person who asked. */
export interface ReplyTarget {
  user: string;
  channelId?: string;
  responseUrl?: string;
}

export type Notice =
  | { type: 'declared'; incident: Incident; reply: ReplyTarget }
  | { type: 'changed'; incident: Incident; before: Incident; event: IncidentEvent };

/**
 * Every Slack side effect that follows a committed state change leaves through here,
 * so delivery can be made durable without touching the use cases.
 */
export interface Notifier {
  notify(notice: Notice): void;
}
