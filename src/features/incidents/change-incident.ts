import type { Incident, Role } from '../../domain/incident';
import {
  assignRole,
  type Changed,
  changeSeverity,
  changeStatus,
  checkNotFinished,
  type Refusal,
} from '../../domain/lifecycle';
import type { GuardedAction } from '../../domain/permissions';
import type { Policy } from '../../domain/policy';
import { err, ok, type Result } from '../../domain/result';
import type { Severity } from '../../domain/severity';
import type { Status } from '../../domain/status';
import type { Clock } from '../../kernel/clock';
import type { AdminDirectory } from '../../kernel/directory.ports';
import { STATUS_GUARD, withAdminStanding } from '../../kernel/incident/admin-standing';
import { alertGroupHeld } from '../../kernel/incident/alert-group-guard';
import { claimRequest } from '../../kernel/incident/requests';
import type { Notifier } from '../../kernel/outbox/outbox.ports';
import type { UnitOfWork } from '../../kernel/unit-of-work.ports';
import type { RecoveryRepositories } from '../recovery/recovery.ports';
import type { ReminderSync, RemindersNeed } from '../updates/reminders.ports';
import type { IncidentRefusal } from './incidents.refusals';
import type { OfferRecoveryGuide } from './recovery-guide.ports';

export interface ChangeDeps {
  uow: UnitOfWork<RemindersNeed & RecoveryRepositories>;
  offerRecoveryGuide: OfferRecoveryGuide;
  notifier: Notifier;
  clock: Clock;
  policy: Policy;
  admins: AdminDirectory;
  reminderSync: ReminderSync;
}

type Decide = (incident: Incident, now: Date) => Result<Changed, Refusal>;

/**
 * One shape for every change made from an incident channel: lock the row, let the
 * pure domain decide, save the incident and its event together, then notify.
 */
async function applyChange(
  deps: ChangeDeps,
  channelId: string,
  actor: string,
  guard: GuardedAction | null,
  decide: Decide,
  newParticipants: string[] = [],
  requestKey?: string,
) {
  const now = deps.clock.now();
  const outcome = await withAdminStanding(deps.admins, actor, (permit) =>
    deps.uow.transaction(async (tx): Promise<Result<Changed & { before: Incident }, IncidentRefusal>> => {
      const { incidents } = tx;
      const before = await incidents.findByChannel(channelId, { forUpdate: true });
      if (!before) return err({ kind: 'not_incident_channel' });
      const allowed = permit(guard, before);
      if (!allowed.ok) return allowed;
      const decided = decide(before, now);
      if (!decided.ok) return decided;
      const held = await alertGroupHeld(incidents, before, decided.value.incident);
      if (held) return err(held);
      if (!(await claimRequest(tx, requestKey, now))) return err({ kind: 'duplicate_request' });
      await incidents.update(decided.value.incident);
      await incidents.addEvent(before.id, decided.value.event, { before, after: decided.value.incident });
      if (newParticipants.length) await incidents.addParticipants(before.id, newParticipants, now);
      const change = decided.value.event.change;
      if (change.kind === 'role' && change.role === 'commander') await incidents.setCommanderPresent(before.id, true);
      await deps.reminderSync.incident(tx, decided.value.incident);
      await deps.notifier.notify(tx, { type: 'changed', ...decided.value, before });
      // A raise to SEV1/SEV2 brings the category's guide, once.
      await deps.offerRecoveryGuide(tx, decided.value.incident, now);
      return ok({ ...decided.value, before });
    }),
  );
  return outcome;
}

type Requested = { requestKey?: string };

export const changeIncidentStatus = (
  deps: ChangeDeps,
  params: { channelId: string; to: Status; actor: string; message: string | null } & Requested,
) =>
  applyChange(
    deps,
    params.channelId,
    params.actor,
    STATUS_GUARD[params.to] ?? null,
    (incident, now) => changeStatus(incident, params.to, params.actor, now, params.message),
    [],
    params.requestKey,
  );

export const changeIncidentSeverity = (
  deps: ChangeDeps,
  params: { channelId: string; to: Severity; actor: string } & Requested,
) =>
  applyChange(
    deps,
    params.channelId,
    params.actor,
    null,
    (incident, now) => changeSeverity(incident, params.to, params.actor, now),
    [],
    params.requestKey,
  );

export const assignIncidentRole = (
  deps: ChangeDeps,
  params: { channelId: string; role: Role; user: string; actor: string } & Requested,
) =>
  applyChange(
    deps,
    params.channelId,
    params.actor,
    params.role === 'commander' ? 'reassign_commander' : null,
    (incident, now) => assignRole(incident, params.role, params.user, params.actor, now),
    [params.user],
    params.requestKey,
  );

/**
 * A role the policy adds (`roles`), given to a person: stored in incident_roles (one holder per role), the person
 * invited and sent its duties, the channel and the header told, through the outbox.
 */
export async function assignExtraRole(
  deps: ChangeDeps,
  params: { channelId: string; role: string; user: string; actor: string } & Requested,
): Promise<Result<Incident, IncidentRefusal>> {
  const role = deps.policy.roles.find((r) => r.name === params.role);
  if (!role) return err({ kind: 'unknown_role', role: params.role, roles: deps.policy.roles.map((r) => r.name) });
  const now = deps.clock.now();
  return withAdminStanding(deps.admins, params.actor, (permit) =>
    deps.uow.transaction(async (tx): Promise<Result<Incident, IncidentRefusal>> => {
      const before = await tx.incidents.findByChannel(params.channelId, { forUpdate: true });
      if (!before) return err({ kind: 'not_incident_channel' });
      const allowed = permit(null, before);
      if (!allowed.ok) return allowed;
      const open = checkNotFinished(before);
      if (!open.ok) return err(open.error);
      if (before.extraRoles?.[role.name] === params.user)
        return err({ kind: 'extra_role_held', role: role.name, user: params.user });
      if (!(await claimRequest(tx, params.requestKey, now))) return err({ kind: 'duplicate_request' });
      await tx.incidents.setExtraRole(before.id, role.name, params.user, now);
      await tx.incidents.addParticipants(before.id, [params.user], now);
      const after = { ...before, extraRoles: { ...before.extraRoles, [role.name]: params.user }, updatedAt: now };
      // On the timeline and in the audit log like the built-in roles: who held what, from when.
      await tx.incidents.addEvent(
        before.id,
        {
          change: {
            kind: 'extra_role',
            role: role.name,
            from: before.extraRoles?.[role.name] ?? null,
            to: params.user,
          },
          actor: params.actor,
          at: now,
        },
        { before, after },
      );
      await deps.notifier.notify(tx, {
        type: 'extra_role_assigned',
        incident: after,
        role: role.name,
        user: params.user,
        actor: params.actor,
        duties: role.duties,
      });
      return ok(after);
    }),
  );
}

export async function inviteToIncident(
  deps: ChangeDeps,
  params: { channelId: string; users: string[]; actor: string } & Requested,
) {
  if (!params.users.length) return err({ kind: 'nothing_to_invite' } as const);
  return applyChange(
    deps,
    params.channelId,
    params.actor,
    null,
    (incident, now) =>
      incident.status === 'closed' || incident.status === 'cancelled'
        ? err({ kind: 'incident_finished', status: incident.status })
        : ok({ incident, event: { change: { kind: 'invited', users: params.users }, actor: params.actor, at: now } }),
    params.users,
    params.requestKey,
  );
}
