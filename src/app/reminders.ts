import type { Followup } from '../domain/followup';
import type { Incident } from '../domain/incident';
import type { Policy } from '../domain/policy';
import { decide, dueAt, INCIDENT_REMINDERS, type ReminderFacts, type ReminderKind } from '../domain/reminders';
import type { IncidentFacts } from '../kernel/incident/incident.ports';
import { isOneOfItsPeople, stillItsPeople } from '../kernel/incident/query-incidents';
import type { Repositories, UnitOfWork } from '../kernel/unit-of-work.ports';
import type { ClaimedReminder, ReminderSettlement, RemindersNeed } from './reminders.ports';

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

export async function syncFollowupReminder(
  tx: Repositories<RemindersNeed>,
  incident: Incident,
  followup: Followup,
  policy: Policy,
): Promise<void> {
  const f = await facts(tx, incident, followup);
  const fresh = { lastFiredAt: null, firedCount: 0, snoozedUntil: null };
  await tx.reminders.sync(incident.id, followup.id, 'followup_nudge', dueAt('followup_nudge', f, fresh, policy));
}

export interface DueReminder {
  kind: ReminderKind;
  incident: Incident;
  followup: Followup | null;
  escalate: boolean;
  subscribers: string[];
  /** The last human update's text, for digests. */
  latestUpdate: { text: string; at: Date } | null;
  nextUpdateDue: Date | null;
  lastUpdateAt: Date | null;
  /** Same for every attempt of one firing, so a retry can find what a crashed attempt posted. */
  idempotencyKey: string;
  /** True when an earlier attempt of this firing may already have posted. */
  mayHavePosted: boolean;
  /**
   * The DM this firing owes (dmRecipient) goes to someone who is not one of the
   * private incident's people: a follow-up nudge then carries neither the title
   * nor the follow-up's text, and an escalation or review nudge is not sent.
   */
  redacted: boolean;
}

/** Who a reminder DMs, if anyone: a follow-up's owner, or the commander (the declarer when there is none) for escalations and review nudges. */
export function dmRecipient(
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

/** `retry_untouched`: Slack refused before anything of this firing was posted (a 429), so the retry need not look for it. */
/** `channel_deleted`: Slack has no such channel as the incident's own (channel_not_found), so none of its channel reminders can ever post. */
export type PostOutcome = 'posted' | 'retry' | 'retry_untouched' | 'gone' | 'channel_deleted';

export interface ReminderPoster {
  post(due: DueReminder): Promise<PostOutcome>;
}

export interface SchedulerDeps {
  uow: UnitOfWork<RemindersNeed>;
  poster: ReminderPoster;
  policy: Policy;
}

export const LEASE_MS = 60_000;
const RETRY_MS = 30_000;
/** Posts in flight per replica: each mostly waits on Slack. */
const CONCURRENCY = 32;

/**
 * One tick: claim what is due (every replica may do this at once), load the facts
 * of the whole batch in one query, decide each reminder from them, post, and
 * record every outcome of the batch in one statement. A crash before that record
 * loses nothing: the claims expire and the next attempt, knowing an earlier one
 * may have posted, looks for the earlier post before posting again.
 */
export async function runDueReminders(
  deps: SchedulerDeps,
  now: Date,
  limit = 200,
): Promise<{ claimed: number; posted: number }> {
  const claimed = await deps.uow.reminders.claimDue(now, LEASE_MS, limit);
  if (!claimed.length) return { claimed: 0, posted: 0 };
  const followupIds = claimed.flatMap((r) => (r.followupId === null ? [] : [r.followupId]));
  const [incidents, followups] = await Promise.all([
    deps.uow.incidents.reminderFacts([...new Set(claimed.map((r) => r.incidentId))]),
    deps.uow.followups.getMany(followupIds),
  ]);
  const settlements: ReminderSettlement[] = [];
  let next = 0;
  const worker = async () => {
    while (next < claimed.length) {
      const r = claimed[next++];
      const found = incidents.get(r.incidentId);
      const followup = r.followupId === null ? null : (followups.get(r.followupId) ?? null);
      settlements.push(
        found && (r.followupId === null || followup)
          ? await fireOne(deps, r, found, followup, now)
          : settled(r, null, 'gone'),
      );
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, claimed.length) }, worker));
  } finally {
    // What was posted is recorded even if another post of the batch threw.
    await deps.uow.reminders.settle(settlements);
  }
  return { claimed: claimed.length, posted: settlements.filter((s) => s.fired).length };
}

const settled = (
  r: ClaimedReminder,
  due: Date | null,
  error: string | null = null,
  keepAttempts = false,
): ReminderSettlement => ({
  reminder: r,
  due,
  fired: null,
  error,
  keepAttempts,
});

/** Decides and posts one claimed reminder; returns how its claim ends. */
async function fireOne(
  deps: SchedulerDeps,
  r: ClaimedReminder,
  found: IncidentFacts,
  followup: Followup | null,
  now: Date,
): Promise<ReminderSettlement> {
  const { incident } = found;
  const f: ReminderFacts = {
    ...found,
    followup: followup ? { status: followup.status, due: followup.due } : undefined,
  };
  const decision = decide(r.kind, f, r.state, deps.policy, now);
  if (decision.action === 'stop') return settled(r, null);
  if (decision.action === 'wait') return settled(r, decision.until);
  const digest = r.kind === 'stakeholder_digest';
  const dmTo = dmRecipient(r.kind, incident, followup, decision.escalate);
  const outcome = await deps.poster.post({
    kind: r.kind,
    incident,
    followup,
    escalate: decision.escalate,
    // Decided as it is sent: a subscriber removed from a private incident's channel gets no digest from then on.
    subscribers: digest
      ? await stillItsPeople(deps.uow, incident, await deps.uow.incidents.subscribers(incident.id))
      : [],
    redacted: !!dmTo && !(await isOneOfItsPeople(deps.uow, incident, dmTo)),
    latestUpdate: digest ? ((await deps.uow.timeline.latestNote(incident.id)) ?? null) : null,
    nextUpdateDue: f.nextUpdateDue,
    lastUpdateAt: f.lastUpdateAt,
    idempotencyKey: `fb-reminder-${r.id}-${r.totalFired + 1}`,
    mayHavePosted: r.attempts > 1,
  });
  if (outcome === 'posted')
    return {
      reminder: r,
      due: dueAt(r.kind, f, decision.next, deps.policy),
      fired: decision.next,
      error: null,
      keepAttempts: false,
    };
  if (outcome === 'retry' || outcome === 'retry_untouched')
    return settled(r, new Date(now.getTime() + RETRY_MS), 'slack unavailable', outcome === 'retry');
  // Recorded once on the incident: its other channel reminders then stop (dueAt) instead of each failing in turn.
  if (outcome === 'channel_deleted') await deps.uow.incidents.markChannelGone(incident.id, now);
  // The channel is archived or gone: retrying would never succeed.
  return settled(r, null, 'channel gone');
}
