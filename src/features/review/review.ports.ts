import type { ReviewAnswers } from '../../domain/review';
import type { StoredReview } from '../../domain/stored-review';

export interface ReviewRepository {
  get(incidentId: number): Promise<StoredReview | undefined>;
  save(review: StoredReview): Promise<void>;
  /** Saves answers as a draft unless the review is published; false (and nothing written) if it is. */
  saveDraft(review: {
    incidentId: number;
    answers: ReviewAnswers;
    updatedBy: string;
    updatedAt: Date;
  }): Promise<boolean>;
  setFile(incidentId: number, fileId: string, permalink: string | null): Promise<void>;
  /** The upload in flight: `key` names the delivery step that asked Slack for `fileId`. */
  startUpload(incidentId: number, key: string, fileId: string): Promise<void>;
  upload(incidentId: number): Promise<{ key: string; fileId: string } | undefined>;
}

/** What this feature adds to the unit of work (src/kernel/unit-of-work.ports.ts). */
export interface ReviewRepositories {
  reviews: ReviewRepository;
}
