import type { IncidentRepository } from './incident/incident.ports';
import type { MembershipRepository } from './incident/membership.ports';
import type { OutboxRepository } from './outbox/outbox.ports';

export interface ProcessedEvents {
  /** True the first time an event id is seen; call inside the transaction that applies the event. */
  claim(eventId: string, at: Date): Promise<boolean>;
}

/** What every feature may read and write: the incident, who is tied to it, claimed requests, the outbox. */
export interface KernelRepositories {
  incidents: IncidentRepository;
  members: MembershipRepository;
  processedEvents: ProcessedEvents;
  outbox: OutboxRepository;
}

/**
 * The kernel's repositories and those a feature adds (`Own`, e.g. `{ feedback: FeedbackRepository }`),
 * all bound to one transaction when handed out by {@link UnitOfWork.transaction}.
 */
export type Repositories<Own extends object = object> = KernelRepositories & Own;

/**
 * Repositories for reads, and one transaction at the edge of each use case for writes. A use case names
 * the feature repositories it needs; main.ts builds one unit of work with every feature's.
 */
export type UnitOfWork<Own extends object = object> = Repositories<Own> & {
  transaction<T>(work: (tx: Repositories<Own>) => Promise<T>): Promise<T>;
};
