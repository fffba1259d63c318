import type { Kysely, Transaction } from 'kysely';
import { PgReminderRepository } from '../../db/reminder.repository';
import { PgFeedbackRepository } from '../../features/feedback/feedback.repository';
import { PgFollowupRepository } from '../../features/followups/followup.repository';
import { PgDrillScheduleRepository } from '../../features/recovery/drill-schedule.repository';
import { PgRecoveryRepository } from '../../features/recovery/recovery.repository';
import { PgReviewRepository } from '../../features/review/review.repository';
import { PgTimelineRepository } from '../../features/timeline/timeline.repository';
import { PgIncidentRepository } from '../incident/incident.repository';
import { PgMembershipRepository } from '../incident/membership.repository';
import { PgOutboxRepository } from '../outbox/outbox.repository';
import type { Repositories, UnitOfWork } from '../unit-of-work.ports';
import { PgProcessedEvents } from './processed-events.repository';
import type { DB } from './schema';

function repositories(db: Kysely<DB> | Transaction<DB>): Repositories {
  return {
    incidents: new PgIncidentRepository(db),
    timeline: new PgTimelineRepository(db),
    processedEvents: new PgProcessedEvents(db),
    reviews: new PgReviewRepository(db),
    followups: new PgFollowupRepository(db),
    reminders: new PgReminderRepository(db),
    outbox: new PgOutboxRepository(db),
    recovery: new PgRecoveryRepository(db),
    drills: new PgDrillScheduleRepository(db),
    feedback: new PgFeedbackRepository(db),
    members: new PgMembershipRepository(db),
  };
}

/** Transactions are opened here, at the edge of a use case, and handed down to repositories. */
export class PgUnitOfWork implements UnitOfWork {
  readonly incidents;
  readonly timeline;
  readonly processedEvents;
  readonly reviews;
  readonly followups;
  readonly reminders;
  readonly outbox;
  readonly recovery;
  readonly drills;
  readonly feedback;
  readonly members;
  /** Runs after every commit: lets the outbox worker deliver at once instead of at its next poll. */
  onCommit: () => void = () => {};

  constructor(private readonly db: Kysely<DB>) {
    const r = repositories(db);
    this.incidents = r.incidents;
    this.timeline = r.timeline;
    this.processedEvents = r.processedEvents;
    this.reviews = r.reviews;
    this.followups = r.followups;
    this.reminders = r.reminders;
    this.outbox = r.outbox;
    this.recovery = r.recovery;
    this.drills = r.drills;
    this.feedback = r.feedback;
    this.members = r.members;
  }

  async transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T> {
    const result = await this.db.transaction().execute((tx) => fn(repositories(tx)));
    this.onCommit();
    return result;
  }
}
