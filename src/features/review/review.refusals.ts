import type { ReviewQuestion } from '../../domain/review';
import type { Status } from '../../domain/status';
import type { SharedRefusal } from '../../kernel/refusals';

export type ReviewRefusal =
  | SharedRefusal
  | { kind: 'review_too_early'; status: Status }
  /** A published review is changed only by publishing it again, never by a draft. */
  | { kind: 'review_published' }
  | { kind: 'bad_action_item'; line: number; problem: 'bad_date' | 'empty_text'; given: string }
  /** A review published without what its severity requires (REQUIRED_TO_PUBLISH). */
  | { kind: 'review_incomplete'; missing: ReviewQuestion[]; severity: string }
  /** Action-item owners typed as `@name` that match no active person, or more than one. */
  | { kind: 'unknown_owners'; unknown: string[]; ambiguous: { name: string; matches: string[] }[] };
