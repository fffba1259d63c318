import type { ActionItem } from '../domain/review';
import { err, ok, type Result } from '../domain/result';
import type { Policy } from '../domain/policy';
import { claimRequest } from './requests';
import type { Clock, Followup, UnitOfWork } from './ports';
import { syncFollowupReminder } from './reminders';
import type { AppRefusal } from './refusals';

export interface FollowupDeps {
  uow: UnitOfWork;
  clock: Clock;
  policy: Policy;
}

/** Follow-ups belong to an incident but outlive it: they can be added and finished after it closes. */
export async function addFollowup(
  deps: FollowupDeps,
  p: { channelId: string; item: ActionItem; actor: string; requestKey?: string },
): Promise<Result<Followup, AppRefusal>> {
  const incident = await deps.uow.incidents.findByChannel(p.channelId);
  if (!incident) return err({ kind: 'not_incident_channel' });
  const added = await deps.uow.transaction(async (tx) => {
    if (!(await claimRequest(tx, p.requestKey, deps.clock.now()))) return undefined;
    const followup = (await tx.followups.add({
      incidentId: incident.id,
      text: p.item.text,
      owner: p.item.owner,
      due: p.item.due,
      source: 'command',
      createdBy: p.actor,
      createdAt: deps.clock.now(),
    }))!;
    await syncFollowupReminder(tx, incident, followup, deps.policy);
    return followup;
  });
  return added ? ok(added) : err({ kind: 'duplicate_request' });
}

export async function followupsForChannel(uow: UnitOfWork, channelId: string): Promise<Result<{ incidentNumber: number; followups: Followup[] }, AppRefusal>> {
  const incident = await uow.incidents.findByChannel(channelId);
  if (!incident) return err({ kind: 'not_incident_channel' });
  return ok({ incidentNumber: incident.number, followups: await uow.followups.forIncident(incident.id) });
}

/** Marking done twice is not an error: the second click simply finds it done. */
export async function completeFollowup(deps: FollowupDeps, p: { id: number; user: string }): Promise<Result<Followup, AppRefusal>> {
  const done = await deps.uow.transaction(async (tx) => {
    const marked = await tx.followups.markDone(p.id, p.user, deps.clock.now());
    const incident = marked && (await tx.incidents.findById(marked.incidentId));
    if (marked && incident) await syncFollowupReminder(tx, incident, marked, deps.policy);
    return marked;
  });
  if (done) return ok(done);
  const existing = await deps.uow.followups.get(p.id);
  return existing ? ok(existing) : err({ kind: 'followup_not_found' });
}
