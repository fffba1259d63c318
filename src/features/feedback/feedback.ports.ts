import type { Incident } from '../../domain/incident';
export interface FeedbackAnswer {
  user: string;
  rating: number;
  change: string | null;
  answeredAt: Date;
}

export interface FeedbackRepository {
  /** Records the ask; returns the users asked for the first time (a second close asks nobody again). */
  request(incidentId: number, users: string[], at: Date): Promise<string[]>;
  /** Whether that user was asked about that incident (answered or not). */
  asked(incidentId: number, user: string): Promise<boolean>;
  /** False when that user was never asked about that incident. */
  answer(incidentId: number, user: string, rating: number, change: string | null, at: Date): Promise<boolean>;
  /** Answered rows, oldest answer first. */
  answers(incidentId: number): Promise<FeedbackAnswer[]>;
}

/** What this feature adds to the unit of work (src/kernel/unit-of-work.ports.ts). */
export interface FeedbackRepositories {
  feedback: FeedbackRepository;
}

/**
 * Redraws a published review with the answers so far (the review feature's refreshReviewDocument, wired
 * by main.ts): a port, so feedback does not import another feature's use cases. False when nothing changed.
 */
export type RefreshReview = (incident: Incident) => Promise<boolean>;
