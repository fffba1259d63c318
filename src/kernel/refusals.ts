import type { Refusal } from '../domain/lifecycle';
import type { PermissionRefusal } from '../domain/permissions';

/** Everything a use case can refuse, as data; src/kernel/slack/refusal-text.ts turns each into a sentence. */
export type AppRefusal =
  | Refusal
  | PermissionRefusal
  | { kind: 'not_incident_channel' }
  | { kind: 'channel_create_failed'; error: string }
  | { kind: 'nothing_to_invite' }
  | { kind: 'not_visible' }
  /** A submitted value the form never offered (a forged or stale submission); `offered` is what it did offer. */
  | { kind: 'not_offered'; field: 'status' | 'severity' | 'next' | 'plan'; offered: string[] }
  | { kind: 'message_not_recorded' }
  | { kind: 'review_too_early'; status: import('../domain/status').Status }
  /** A published review is changed only by publishing it again, never by a draft. */
  | { kind: 'review_published' }
  | { kind: 'followup_not_found' }
  | { kind: 'unknown_users'; users: string[] }
  /** The same Slack request (trigger or view) was already applied: a replay changes nothing. */
  | { kind: 'duplicate_request' }
  | { kind: 'no_checklist' }
  | { kind: 'no_such_step'; steps: number }
  /** Feedback comes only from the participants asked when that incident closed. */
  | { kind: 'feedback_not_asked' }
  | { kind: 'bad_action_item'; line: number; problem: 'bad_date' | 'empty_text'; given: string }
  /** A review published without what its severity requires (REQUIRED_TO_PUBLISH). */
  | { kind: 'review_incomplete'; missing: import('../domain/review').ReviewQuestion[]; severity: string }
  /** Action-item owners typed as `@name` that match no active person, or more than one. */
  | { kind: 'unknown_owners'; unknown: string[]; ambiguous: { name: string; matches: string[] }[] };
