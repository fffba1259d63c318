import type { Incident } from '../domain/incident';
import type { Policy } from '../domain/policy';
import { decide, dueAt, INCIDENT_REMINDERS, type ReminderFacts, type ReminderKind } from '../domain/reminders';
import type { ClaimedReminder, Followup, Repositories } from './ports';

async function facts(tx: Repositories, incident: Incident, followup?: Followup): Promise<ReminderFacts> {
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
export async function syncReminders(tx: Repositories, incident: Incident, policy: Policy): Promise<void> {
  const f = await facts(tx, incident);
  for (const kind of INCIDENT_REMINDERS) {
    await tx.reminders.sync(incident.id, null, kind, dueAt(kind, f, await tx.reminders.state(incident.id, kind), policy));
  }
}

export async function syncFollowupReminder(tx: Repositories, incident: Incident, followup: Followup, policy: Policy): Promise<void> {
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
}

export type PostOutcome = 'posted' | 'retry' | 'gone';

export interface ReminderPoster {
  post(due: DueReminder): Promise<PostOutcome>;
}

export interface SchedulerDeps {
  uow: import('./ports').UnitOfWork;
  poster: ReminderPoster;
  policy: Policy;
}

export const LEASE_MS = 60_000;
const RETRY_MS = 30_000;

/**
 * One tick: claim what is due (every replica may do this at once), then for each
 * claimed reminder decide from fresh facts, post, and record the next due time.
 */
export async function runDueReminders(deps: SchedulerDeps, now: Date, limit = 200): Promise<{ claimed: number; posted: number }> {
  const claimed = await deps.uow.reminders.claimDue(now, LEASE_MS, limit);
  let posted = 0;
  // Each reminder mostly waits on PostgreSQL and Slack: work on several at once.
  let next = 0;
  const worker = async () => {
    while (next < claimed.length) {
      if (await fireOne(deps, claimed[next++], now)) posted++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, claimed.length) }, worker));
  return { claimed: claimed.length, posted };
}

const CONCURRENCY = 16;

/** Decides and posts one claimed reminder; true when something was posted. */
async function fireOne(deps: SchedulerDeps, r: ClaimedReminder, now: Date): Promise<boolean> {
  const incident = await deps.uow.incidents.findById(r.incidentId);
  const followup = r.followupId !== null ? ((await deps.uow.followups.get(r.followupId)) ?? null) : null;
  if (!incident || (r.followupId !== null && !followup)) {
    await deps.uow.reminders.release(r, null, 'gone', false);
    return false;
  }
  const f = await facts(deps.uow, incident, followup ?? undefined);
  const decision = decide(r.kind, f, r.state, deps.policy, now);
  if (decision.action === 'stop') {
    await deps.uow.reminders.release(r, null, null, false);
    return false;
  }
  if (decision.action === 'wait') {
    await deps.uow.reminders.release(r, decision.until, null, false);
    return false;
  }
  const outcome = await deps.poster.post({
    kind: r.kind,
    incident,
    followup,
    escalate: decision.escalate,
    subscribers: r.kind === 'stakeholder_digest' ? await deps.uow.incidents.subscribers(incident.id) : [],
    latestUpdate: r.kind === 'stakeholder_digest' ? ((await deps.uow.timeline.latestNote(incident.id)) ?? null) : null,
    nextUpdateDue: f.nextUpdateDue,
    lastUpdateAt: f.lastUpdateAt,
    idempotencyKey: `fb-reminder-${r.id}-${r.totalFired + 1}`,
    mayHavePosted: r.attempts > 1,
  });
  if (outcome === 'posted') {
    await deps.uow.reminders.complete(r, decision.next, dueAt(r.kind, f, decision.next, deps.policy));
    return true;
  }
  if (outcome === 'retry') await deps.uow.reminders.release(r, new Date(now.getTime() + RETRY_MS), 'slack unavailable', true);
  // The channel is archived or gone: retrying would never succeed.
  else await deps.uow.reminders.release(r, null, 'channel gone', false);
  return false;
}
