import type { Followup } from '../../domain/followup';
import type { Policy } from '../../domain/policy';
import { err, ok, type Result } from '../../domain/result';
import type { ActionItem } from '../../domain/review';
import type { Clock } from '../../kernel/clock';
import { isOneOfItsPeople } from '../../kernel/incident/query-incidents';
import { claimRequest } from '../../kernel/incident/requests';
import type { Notifier } from '../../kernel/outbox/outbox.ports';
import type { UnitOfWork } from '../../kernel/unit-of-work.ports';
import type { ReminderSync, RemindersNeed } from '../updates/reminders.ports';
import type { FollowupRefusal } from './followups.refusals';

export interface FollowupDeps {
  uow: UnitOfWork<RemindersNeed>;
  clock: Clock;
  policy: Policy;
  reminderSync: ReminderSync;
  notifier: Notifier;
}

/**
 * Follow-ups belong to an incident but outlive it: they can be added and finished after it closes.
 * The channel sees it and its owner is told by DM, through the outbox, once per request.
 */
export async function addFollowup(
  deps: FollowupDeps,
  params: { channelId: string; item: ActionItem; actor: string; requestKey?: string },
): Promise<Result<Followup, FollowupRefusal>> {
  const incident = await deps.uow.incidents.findByChannel(params.channelId);
  if (!incident) return err({ kind: 'not_incident_channel' });
  const added = await deps.uow.transaction(async (tx) => {
    if (!(await claimRequest(tx, params.requestKey, deps.clock.now()))) return undefined;
    const followup = (await tx.followups.add({
      incidentId: incident.id,
      text: params.item.text,
      owner: params.item.owner,
      due: params.item.due,
      source: 'command',
      createdBy: params.actor,
      createdAt: deps.clock.now(),
    }))!;
    await deps.reminderSync.followup(tx, incident, followup);
    const { id, text, owner, due } = followup;
    await deps.notifier.notify(tx, {
      type: 'followup_added',
      incident,
      followup: { id, text, owner, due },
      actor: params.actor,
    });
    return followup;
  });
  return added ? ok(added) : err({ kind: 'duplicate_request' });
}

export async function followupsForChannel(
  uow: UnitOfWork<RemindersNeed>,
  channelId: string,
): Promise<Result<{ incidentNumber: number; followups: Followup[] }, FollowupRefusal>> {
  const incident = await uow.incidents.findByChannel(channelId);
  if (!incident) return err({ kind: 'not_incident_channel' });
  return ok({ incidentNumber: incident.number, followups: await uow.followups.forIncident(incident.id) });
}

/**
 * Where a Done click came from: a follow-up list in an incident channel may
 * finish only that incident's follow-ups; the Home tab only the clicker's own.
 */
export type FollowupScope = { channelId: string } | { owner: string };

/**
 * Marking done twice is not an error: the second click simply finds it done.
 * The id comes from a button's value, which a client can change: a follow-up
 * outside the scope, or of a private incident the user is not in, is refused as
 * not found, so ids cannot be probed either.
 */
export async function completeFollowup(
  deps: FollowupDeps,
  params: { id: number; user: string; scope: FollowupScope },
): Promise<Result<Followup, FollowupRefusal>> {
  return deps.uow.transaction(async (tx): Promise<Result<Followup, FollowupRefusal>> => {
    const existing = Number.isSafeInteger(params.id) && params.id > 0 ? await tx.followups.get(params.id) : undefined;
    const incident = existing && (await tx.incidents.findById(existing.incidentId));
    if (!existing || !incident) return err({ kind: 'followup_not_found' });
    const inScope =
      'channelId' in params.scope
        ? incident.channelId === params.scope.channelId
        : existing.owner === params.scope.owner;
    if (!inScope || !(await isOneOfItsPeople(tx, incident, params.user))) return err({ kind: 'followup_not_found' });
    const marked = await tx.followups.markDone(params.id, params.user, deps.clock.now());
    if (!marked) return ok(existing);
    await deps.reminderSync.followup(tx, incident, marked);
    const { id, text, owner, due } = marked;
    await deps.notifier.notify(tx, {
      type: 'followup_done',
      incident,
      followup: { id, text, owner, due },
      actor: params.user,
    });
    return ok(marked);
  });
}
