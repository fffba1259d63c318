import type { Followup } from '../../domain/followup';
import type { Incident } from '../../domain/incident';
import type { Policy } from '../../domain/policy';
import { decide, dueAt, INCIDENT_REMINDERS, type ReminderFacts, type ReminderKind } from '../../domain/reminders';
import type { IncidentFacts } from '../../kernel/incident/incident.ports';
import type { ReminderNotice } from '../../kernel/outbox/notice';
import type { Notifier } from '../../kernel/outbox/outbox.ports';
import type { Repositories, UnitOfWork } from '../../kernel/unit-of-work.ports';
import type { ClaimedReminder, ReminderFiring, ReminderSync, RemindersNeed } from './reminders.ports';

async function facts(tx: Repositories<RemindersNeed>, incident: Incident, followup?: Followup): Promise<ReminderFacts> {
  const [cadence, review] = await Promise.all([tx.incidents.cadence(incident.id), tx.reviews.get(incident.id)]);
  return {
    incident,
    ...cadence,
    reviewSubmitted: review?.status === 'submitted',
    followup: followup && { status: followup.status, due: followup.due },
  };
}

/**
 * Brings an incident's reminders in line with its state. Called in the same
 * transaction as every change that can start, stop or move one (status,
 * severity, commander, update, review, follow-up), so due times are never stale
 * for long; the scheduler still re-decides from fresh facts before posting.
 */
export async function syncReminders(
  tx: Repositories<RemindersNeed>,
  incident: Incident,
  policy: Policy,
): Promise<void> {
  const [f, states] = await Promise.all([facts(tx, incident), tx.reminders.states(incident.id)]);
  const never = { lastFiredAt: null, firedCount: 0, snoozedUntil: null };
  await tx.reminders.syncIncident(
    incident.id,
    INCIDENT_REMINDERS.map((kind) => ({ kind, due: dueAt(kind, f, states[kind] ?? never, policy) })),
  );
}

async function syncFollowupReminder(
  tx: Repositories<RemindersNeed>,
  incident: Incident,
  followup: Followup,
  policy: Policy,
): Promise<void> {
  const f = await facts(tx, incident, followup);
  const fresh = { lastFiredAt: null, firedCount: 0, snoozedUntil: null };
  await tx.reminders.sync(incident.id, followup.id, 'followup_nudge', dueAt('followup_nudge', f, fresh, policy));
}

/** This feature's side of the ReminderSync port, under the policy the deployment runs with. */
export const reminderSync = (policy: Policy): ReminderSync => ({
  incident: (tx, incident) => syncReminders(tx, incident, policy),
  followup: (tx, incident, followup) => syncFollowupReminder(tx, incident, followup, policy),
});

/** Who a reminder DMs, if anyone: a follow-up's owner, or the commander (the declarer when there is none) for escalations and review nudges. */
function dmRecipient(
  kind: ReminderKind,
  incident: Incident,
  followup: Followup | null,
  escalate: boolean,
): string | null {
  if (kind === 'followup_nudge') return followup && (followup.owner ?? followup.createdBy);
  if (kind === 'review_nudge' || (kind === 'update_nudge' && escalate))
    return incident.roles.commander ?? incident.declaredBy;
  return null;
}

export interface ReminderDeps {
  uow: UnitOfWork<RemindersNeed>;
  notifier: Notifier;
  policy: Policy;
}

/**
 * One batch: in one transaction, claim what is due (every replica may do this at
 * once: rows another holds are skipped), decide each reminder from fresh facts,
 * record each firing and write the notice it owes. A crash before the commit
 * leaves every reminder of the batch as due as it was; after it, the outbox
 * delivers the notices exactly once.
 */
export async function fireDueReminders(
  deps: ReminderDeps,
  now: Date,
  limit = 200,
): Promise<{ claimed: number; fired: number }> {
  return deps.uow.transaction(async (tx) => {
    const claimed = await tx.reminders.claimDue(now, limit);
    if (!claimed.length) return { claimed: 0, fired: 0 };
    const followupIds = claimed.flatMap((reminder) => (reminder.followupId === null ? [] : [reminder.followupId]));
    const [incidents, followups] = await Promise.all([
      tx.incidents.reminderFacts([...new Set(claimed.map((reminder) => reminder.incidentId))]),
      tx.followups.getMany(followupIds),
    ]);
    const firings: ReminderFiring[] = [];
    const owed: ReminderNotice[] = [];
    for (const reminder of claimed) {
      const found = incidents.get(reminder.incidentId);
      const followup = reminder.followupId === null ? null : (followups.get(reminder.followupId) ?? null);
      firings.push(
        found && (reminder.followupId === null || followup)
          ? await fireOne(deps, tx, reminder, found, followup, now, owed)
          : { reminderId: reminder.id, due: null, fired: null },
      );
    }
    // One insert for the batch's notices: a tick firing thousands is bound by round trips, not by work.
    await deps.notifier.notify(tx, owed);
    await tx.reminders.record(firings);
    return { claimed: claimed.length, fired: firings.filter((firing) => firing.fired).length };
  });
}

/** Decides one claimed reminder and, when it fires, adds what it owes to `owed`; returns how its claim ends. */
async function fireOne(
  deps: ReminderDeps,
  tx: Repositories<RemindersNeed>,
  reminder: ClaimedReminder,
  found: IncidentFacts,
  followup: Followup | null,
  now: Date,
  owed: ReminderNotice[],
): Promise<ReminderFiring> {
  const { incident } = found;
  const current: ReminderFacts = {
    ...found,
    followup: followup ? { status: followup.status, due: followup.due } : undefined,
  };
  const decision = decide(reminder.kind, current, reminder.state, deps.policy, now);
  if (decision.action === 'stop') return { reminderId: reminder.id, due: null, fired: null };
  if (decision.action === 'wait') return { reminderId: reminder.id, due: decision.until, fired: null };
  const digest = reminder.kind === 'stakeholder_digest';
  owed.push({
    type: 'reminder_fired',
    incident,
    reminder: { id: reminder.id, kind: reminder.kind, firedAt: now, escalate: decision.escalate },
    dm: dmRecipient(reminder.kind, incident, followup, decision.escalate),
    followup: followup?.due
      ? { text: followup.text, due: followup.due, ...(followup.ticket ? { ticket: followup.ticket } : {}) }
      : null,
    subscribers: digest ? await tx.incidents.subscribers(incident.id) : [],
    latestUpdate: digest ? ((await tx.timeline.latestNote(incident.id)) ?? null) : null,
    nextUpdateDue: current.nextUpdateDue,
    lastUpdateAt: current.lastUpdateAt,
  });
  return {
    reminderId: reminder.id,
    due: dueAt(reminder.kind, current, decision.next, deps.policy),
    fired: decision.next,
  };
}

/**
 * Whether a fired reminder's notice is still worth delivering: not once the
 * reminder ended (the incident resolved, the follow-up was done, Slack refused its
 * channel for good), nor an update nudge once a human update came after it fired.
 */
export async function reminderStillOwed(repos: Repositories<RemindersNeed>, notice: ReminderNotice): Promise<boolean> {
  const { reminder, incident } = notice;
  if (!(await repos.reminders.isActive(reminder.id))) return false;
  if (reminder.kind !== 'update_nudge') return true;
  const { lastUpdateAt } = await repos.incidents.cadence(incident.id);
  return !lastUpdateAt || lastUpdateAt.getTime() <= reminder.firedAt.getTime();
}

/**
 * Slack refused a reminder's essential target for good: the reminder ends, and when
 * the incident's own channel is missing, the incident records it once, so its other
 * channel reminders stop (dueAt) instead of each failing in turn.
 */
export async function reminderRefused(
  uow: UnitOfWork<RemindersNeed>,
  notice: ReminderNotice,
  channelDeleted: boolean,
  at: Date,
): Promise<void> {
  await uow.transaction(async (tx) => {
    await tx.reminders.stop(notice.reminder.id);
    if (channelDeleted) await tx.incidents.markChannelGone(notice.incident.id, at);
  });
}
