import type { ReviewAnswers } from './review';

export interface StoredReview {
  incidentId: number;
  answers: ReviewAnswers;
  status: 'draft' | 'submitted';
  document: string | null;
  updatedBy: string;
  updatedAt: Date;
  submittedAt: Date | null;
  filePermalink: string | null;
}
