import type { ReminderKind, ReminderState } from '../domain/reminders';
import type { FollowupRepositories } from '../features/followups/followups.ports';
import type { ReviewRepositories } from '../features/review/review.ports';
import type { TimelineRepositories } from '../features/timeline/timeline.ports';

export interface ClaimedReminder {
  id: number;
  incidentId: number;
  followupId: number | null;
  kind: ReminderKind;
  state: ReminderState;
  /** Firings so far: with the id it makes the idempotency key of the next post. */
  totalFired: number;
  /** Claims of this firing; above 1 a previous claim ended without completing and may have posted. */
  attempts: number;
  claimToken: string;
}

/**
 * How a claim ends: `fired` (a post went out: the new state, total_fired + 1) or
 * not; `due` null deactivates the reminder; `keepAttempts` keeps the claim count
 * so the next attempt knows an earlier one may have posted.
 */
export interface ReminderSettlement {
  reminder: ClaimedReminder;
  due: Date | null;
  fired: ReminderState | null;
  error: string | null;
  keepAttempts: boolean;
}

export interface ReminderRepository {
  /** Creates, reschedules or deactivates (due = null) one reminder; leaves a claimed row's lease alone. */
  sync(incidentId: number, followupId: number | null, kind: ReminderKind, due: Date | null): Promise<void>;
  claimDue(now: Date, leaseMs: number, limit: number): Promise<ClaimedReminder[]>;
  /** Fenced by the claim token: false when the lease was lost to another replica. */
  complete(r: ClaimedReminder, state: ReminderState, due: Date | null): Promise<boolean>;
  release(r: ClaimedReminder, due: Date | null, error: string | null, keepAttempts: boolean): Promise<void>;
  /** Completes and releases many claimed reminders in one statement, each fenced by its claim token; returns how many held. */
  settle(settlements: ReminderSettlement[]): Promise<number>;
  humanUpdate(incidentId: number): Promise<void>;
  snooze(incidentId: number, until: Date): Promise<void>;
  /** The incident-level reminders' firing state, by kind; a kind never created is absent. */
  states(incidentId: number): Promise<Partial<Record<ReminderKind, ReminderState>>>;
  /** `sync` for several incident-level reminders of one incident, in one statement. */
  syncIncident(incidentId: number, dues: { kind: ReminderKind; due: Date | null }[]): Promise<void>;
}

/** What this feature adds to the unit of work (src/kernel/unit-of-work.ports.ts). */
export interface ReminderRepositories {
  reminders: ReminderRepository;
}

/** What deciding reminders reads besides its own table: reviews, follow-ups and the latest note. */
export type RemindersNeed = ReminderRepositories & ReviewRepositories & FollowupRepositories & TimelineRepositories;
