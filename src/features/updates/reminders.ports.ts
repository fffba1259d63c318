import type { Followup } from '../../domain/followup';
import type { Incident } from '../../domain/incident';
import type { ReminderKind, ReminderState } from '../../domain/reminders';
import type { Repositories } from '../../kernel/unit-of-work.ports';
import type { FollowupRepositories } from '../followups/followups.ports';
import type { ReviewRepositories } from '../review/review.ports';
import type { TimelineRepositories } from '../timeline/timeline.ports';

/** A due reminder, row-locked by the transaction that claimed it until that transaction ends. */
export interface ClaimedReminder {
  id: number;
  incidentId: number;
  followupId: number | null;
  kind: ReminderKind;
  state: ReminderState;
}

/** How a claim ends: `fired` is the new state when a notice was owed; `due` null deactivates the reminder. */
export interface ReminderFiring {
  reminderId: number;
  due: Date | null;
  fired: ReminderState | null;
}

export interface ReminderRepository {
  /** Creates, reschedules or deactivates (due = null) one reminder. */
  sync(incidentId: number, followupId: number | null, kind: ReminderKind, due: Date | null): Promise<void>;
  /** Locks up to `limit` due reminders for the caller's transaction, skipping those another one holds. */
  claimDue(now: Date, limit: number): Promise<ClaimedReminder[]>;
  /** Records how each claim of a batch ended, in one statement. */
  record(firings: ReminderFiring[]): Promise<void>;
  /** Whether the reminder still exists: a reminder notice is not delivered once it ended. */
  isActive(reminderId: number): Promise<boolean>;
  /** Ends a reminder Slack can never deliver (its channel or recipient is gone). */
  stop(reminderId: number): Promise<void>;
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

/**
 * How another feature's change re-syncs reminders, inside the caller's transaction: the lifecycle, follow-ups and
 * reviews each change what a reminder is decided from. A port (main.ts wires this feature's reminderSync with the
 * policy), so they do not import this feature's use cases.
 */
export interface ReminderSync {
  /** The incident-level reminders (updates, commander, review, digest) after a change to the incident. */
  incident(tx: Repositories<RemindersNeed>, incident: Incident): Promise<void>;
  /** A follow-up's nudge after the follow-up was added, changed or finished. */
  followup(tx: Repositories<RemindersNeed>, incident: Incident, followup: Followup): Promise<void>;
}

/** The deps of a listener whose use cases re-sync reminders. */
export interface SyncsReminders {
  reminderSync: ReminderSync;
}

/**
 * Whether the next stakeholder digest will carry the incident's latest note, so a note can say so when it is
 * posted. A port (this feature's stakeholders.ts implements it; main.ts wires it with the policy), so the
 * timeline does not import this feature's digest rules.
 */
export type ReachesStakeholders = (repos: Repositories, incident: Incident) => Promise<boolean>;
