import type { ReminderRepository } from '../app/reminders.ports';
import type { FeedbackRepository } from '../features/feedback/feedback.ports';
import type { FollowupRepository } from '../features/followups/followups.ports';
import type { DrillScheduleRepository, RecoveryRepository } from '../features/recovery/recovery.ports';
import type { ReviewRepository } from '../features/review/review.ports';
import type { TimelineRepository } from '../features/timeline/timeline.ports';
import type { IncidentRepository } from './incident/incident.ports';
import type { MembershipRepository } from './incident/membership.ports';
import type { OutboxRepository } from './outbox/outbox.ports';

export interface ProcessedEvents {
  /** True the first time an event id is seen; call inside the transaction that applies the event. */
  claim(eventId: string, at: Date): Promise<boolean>;
}

export interface Repositories {
  members: MembershipRepository;
  drills: DrillScheduleRepository;
  recovery: RecoveryRepository;
  feedback: FeedbackRepository;
  outbox: OutboxRepository;
  reminders: ReminderRepository;
  incidents: IncidentRepository;
  timeline: TimelineRepository;
  processedEvents: ProcessedEvents;
  reviews: ReviewRepository;
  followups: FollowupRepository;
}

/** Repositories for reads, and one transaction at the edge of each use case for writes. */
export interface UnitOfWork extends Repositories {
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
}
