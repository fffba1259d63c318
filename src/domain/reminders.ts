import type { Incident } from './incident';
import { severityPolicyOf } from './incident-types';
import type { Policy } from './policy';
import { OPEN_STATUSES } from './status';

export const REMINDER_KINDS = [
  'update_nudge',
  'stakeholder_digest',
  'commander_nudge',
  'review_nudge',
  'followup_nudge',
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
/** How long an incident may run without a commander before the channel is told. */
export const COMMANDER_GRACE = 10 * MIN;
export const SNOOZE = 30 * MIN;
/** After this many ignored update nudges the commander is also told by DM. */
export const ESCALATE_AFTER = 2;

/** What is true of the incident now; everything a reminder decision depends on. */
export interface ReminderFacts {
  incident: Incident;
  lastUpdateAt: Date | null;
  nextUpdateDue: Date | null;
  commanderPresent: boolean;
  reviewSubmitted: boolean;
  followup?: { status: 'open' | 'done'; due: string | null };
}

export interface ReminderState {
  lastFiredAt: Date | null;
  /** Firings since the last human update: drives escalation. */
  firedCount: number;
  snoozedUntil: Date | null;
}

const isActive = (i: Incident) => OPEN_STATUSES.includes(i.status);
const later = (...dates: (Date | null | undefined | number)[]): Date =>
  new Date(
    Math.max(
      ...dates.filter((d): d is Date | number => d != null).map((d) => (typeof d === 'number' ? d : d.getTime())),
    ),
  );

/** The repeat interval of a reminder, or null when it should not exist at all. */
export function interval(kind: ReminderKind, facts: ReminderFacts, policy: Policy): number | null {
  const i = facts.incident;
  const sev = severityPolicyOf(policy, i);
  switch (kind) {
    case 'update_nudge':
      return isActive(i) && sev ? sev.updateEvery : null;
    case 'stakeholder_digest':
      // Drills have no stakeholders to tell.
      return isActive(i) && !i.isDrill && sev?.stakeholderUpdateEvery ? sev.stakeholderUpdateEvery : null;
    case 'commander_nudge':
      return isActive(i) && (!i.roles.commander || !facts.commanderPresent) ? (sev?.updateEvery ?? 30 * MIN) : null;
    case 'review_nudge':
      return i.status === 'resolved' && sev?.reviewRequired && !facts.reviewSubmitted
        ? policy.reviewReminderAfter
        : null;
    case 'followup_nudge':
      return facts.followup?.status === 'open' && facts.followup.due ? DAY : null;
  }
}

/** When the next human update is expected, as people are told (snoozes aside); null when none is expected. */
export function updateDueAt(
  incident: Incident,
  cadence: { lastUpdateAt: Date | null; nextUpdateDue: Date | null },
  policy: Policy,
): Date | null {
  const sev = severityPolicyOf(policy, incident);
  if (!isActive(incident) || !sev) return null;
  return cadence.nextUpdateDue ?? new Date((cadence.lastUpdateAt ?? incident.declaredAt).getTime() + sev.updateEvery);
}

/**
 * When the reminder is next due. Never earlier than one interval after the last
 * firing, so a bot that was down for hours fires once, not once per missed tick.
 */
export function dueAt(kind: ReminderKind, facts: ReminderFacts, state: ReminderState, policy: Policy): Date | null {
  // Nothing can be posted in a deleted channel; a follow-up's nudge goes to its owner by DM and carries on.
  if (facts.incident.channelGoneAt && kind !== 'followup_nudge') return null;
  const every = interval(kind, facts, policy);
  if (every === null) return null;
  const i = facts.incident;
  const afterLast = state.lastFiredAt ? state.lastFiredAt.getTime() + every : null;
  switch (kind) {
    case 'update_nudge':
      return later(
        facts.nextUpdateDue ?? (facts.lastUpdateAt ?? i.declaredAt).getTime() + every,
        afterLast,
        state.snoozedUntil,
      );
    case 'stakeholder_digest':
      return later(i.declaredAt.getTime() + every, afterLast);
    case 'commander_nudge':
      return later(i.declaredAt.getTime() + COMMANDER_GRACE, afterLast);
    case 'review_nudge':
      return later((i.resolvedAt ?? i.updatedAt).getTime() + every, afterLast);
    case 'followup_nudge':
      // The morning after the due day (UTC), then daily.
      return later(Date.parse(`${facts.followup!.due}T00:00:00Z`) + DAY, afterLast);
  }
}

export type Firing =
  | { action: 'stop' }
  | { action: 'wait'; until: Date }
  | { action: 'fire'; escalate: boolean; next: ReminderState };

/** Pure: given the facts at `now`, does this reminder post, wait, or end? */
export function decide(
  kind: ReminderKind,
  facts: ReminderFacts,
  state: ReminderState,
  policy: Policy,
  now: Date,
): Firing {
  const due = dueAt(kind, facts, state, policy);
  if (!due) return { action: 'stop' };
  if (due.getTime() > now.getTime()) return { action: 'wait', until: due };
  return {
    action: 'fire',
    escalate: kind === 'update_nudge' && state.firedCount >= ESCALATE_AFTER,
    next: { lastFiredAt: now, firedCount: state.firedCount + 1, snoozedUntil: null },
  };
}

/** Kinds an incident can have (follow-up reminders are per follow-up). */
export const INCIDENT_REMINDERS: readonly ReminderKind[] = [
  'update_nudge',
  'stakeholder_digest',
  'commander_nudge',
  'review_nudge',
];
