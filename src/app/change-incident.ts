import type { Incident, Role } from '../domain/incident';
import { assignRole, changeSeverity, changeStatus, type Changed, type Refusal } from '../domain/lifecycle';
import { err, ok, type Result } from '../domain/result';
import type { Severity } from '../domain/severity';
import type { Status } from '../domain/status';
import type { Policy } from '../domain/policy';
import type { Clock, Notifier, UnitOfWork } from './ports';
import { syncReminders } from './reminders';
import type { AppRefusal } from './refusals';

export interface ChangeDeps {
  uow: UnitOfWork;
  notifier: Notifier;
  clock: Clock;
  policy: Policy;
}

type Decide = (incident: Incident, now: Date) => Result<Changed, Refusal>;

/**
 * One shape for every change made from an incident channel: lock the row, let the
 * pure domain decide, save the incident and its event together, then notify.
 */
async function applyChange(deps: ChangeDeps, channelId: string, decide: Decide, newParticipants: string[] = []) {
  const now = deps.clock.now();
  const outcome = await deps.uow.transaction(async (tx): Promise<Result<Changed & { before: Incident }, AppRefusal>> => {
    const { incidents } = tx;
    const before = await incidents.findByChannel(channelId, { forUpdate: true });
    if (!before) return err({ kind: 'not_incident_channel' });
    const decided = decide(before, now);
    if (!decided.ok) return decided;
    await incidents.update(decided.value.incident);
    await incidents.addEvent(before.id, decided.value.event);
    if (newParticipants.length) await incidents.addParticipants(before.id, newParticipants, now);
    const change = decided.value.event.change;
    if (change.kind === 'role' && change.role === 'commander') await incidents.setCommanderPresent(before.id, true);
    await syncReminders(tx, decided.value.incident, deps.policy);
    return ok({ ...decided.value, before });
  });
  if (outcome.ok) deps.notifier.notify({ type: 'changed', ...outcome.value });
  return outcome;
}

export const changeIncidentStatus = (deps: ChangeDeps, p: { channelId: string; to: Status; actor: string; message: string | null }) =>
  applyChange(deps, p.channelId, (incident, now) => changeStatus(incident, p.to, p.actor, now, p.message));

export const changeIncidentSeverity = (deps: ChangeDeps, p: { channelId: string; to: Severity; actor: string }) =>
  applyChange(deps, p.channelId, (incident, now) => changeSeverity(incident, p.to, p.actor, now));

export const assignIncidentRole = (deps: ChangeDeps, p: { channelId: string; role: Role; user: string; actor: string }) =>
  applyChange(deps, p.channelId, (incident, now) => assignRole(incident, p.role, p.user, p.actor, now), [p.user]);

export async function inviteToIncident(deps: ChangeDeps, p: { channelId: string; users: string[]; actor: string }) {
  if (!p.users.length) return err({ kind: 'nothing_to_invite' } as const);
  return applyChange(
    deps,
    p.channelId,
    (incident, now) =>
      incident.status === 'closed' || incident.status === 'cancelled'
        ? err({ kind: 'incident_finished', status: incident.status })
        : ok({ incident, event: { change: { kind: 'invited', users: p.users }, actor: p.actor, at: now } }),
    p.users,
  );
}
