import type { Incident } from '../../domain/incident';
import { canPerform, type GuardedAction } from '../../domain/permissions';
import { ok, type Result } from '../../domain/result';
import type { Status } from '../../domain/status';
import type { AdminDirectory } from '../directory.ports';
import type { SharedRefusal } from '../refusals';

// The lifecycle's permission rule, shared by every use case that moves an incident: the lifecycle's commands
// (features/incidents) and the update modal (features/updates) both change status under the same guard.

/** Checks the permission policy for a guarded action on the incident as locked; synchronous, so it never waits on Slack. */
export type Permit = (action: GuardedAction | null, incident: Incident) => Result<void, SharedRefusal>;

/** Thrown out of a transaction whose permission check needs the admin directory; never escapes withAdminStanding. */
class AdminLookupNeeded extends Error {}

/**
 * Runs a use case whose permission check may need to know whether the actor is an
 * admin. The admin group is read from Slack, and a slow Slack must not hold the
 * incident's row lock: `run` first goes without that answer; if its check needs it,
 * its transaction is rolled back, the directory is asked with no lock held, and
 * `run` goes again. Commanders and unguarded changes never cause a lookup.
 */
export async function withAdminStanding<T>(
  admins: AdminDirectory,
  actor: string,
  run: (permit: Permit) => Promise<T>,
): Promise<T> {
  let isAdmin: boolean | undefined;
  const permit: Permit = (action, incident) => {
    if (!action) return ok(undefined);
    const asUser = canPerform({ id: actor, isAdmin: false }, action, incident);
    if (asUser.ok) return asUser;
    if (isAdmin === undefined) throw new AdminLookupNeeded();
    return canPerform({ id: actor, isAdmin }, action, incident);
  };
  try {
    return await run(permit);
  } catch (error) {
    if (!(error instanceof AdminLookupNeeded)) throw error;
  }
  isAdmin = await admins.isAdmin(actor);
  return run(permit);
}

/** Moves only the commander (or an admin) may make. */
export const STATUS_GUARD: Partial<Record<Status, GuardedAction>> = {
  resolved: 'resolve',
  cancelled: 'cancel',
  closed: 'close',
};
