import type { FollowupRepositories } from '../followups/followups.ports';
import type { TimelineRepositories } from '../timeline/timeline.ports';

export interface CatchupCardRepository {
  /** True the first time only: `user` is owed the incident's card on joining. */
  claim(incidentId: number, user: string, at: Date): Promise<boolean>;
}

/** What this feature adds to the unit of work (src/kernel/unit-of-work.ports.ts). */
export interface CatchupRepositories {
  catchupCards: CatchupCardRepository;
}

/** The repositories a catch-up is read from. */
export type CatchupNeed = CatchupRepositories & TimelineRepositories & FollowupRepositories;
