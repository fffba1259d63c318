import type { Incident } from './incident';
import { err, ok, type Result } from './result';

/** What needs more than being in the channel. */
export type GuardedAction = 'resolve' | 'close' | 'cancel' | 'reassign_commander';

export interface Actor {
  id: string;
  /** A member of the configured admin users or user group. */
  isAdmin: boolean;
}

export type PermissionRefusal = { kind: 'not_permitted'; action: GuardedAction; commander: string | null };

/**
 * Anyone may declare; anyone in the channel may post updates and notes; only the
 * commander (or an admin) may resolve, close, cancel or hand over command. With
 * no commander there is nobody to wait for, so anyone may.
 */
export function canPerform(actor: Actor, action: GuardedAction, incident: Incident): Result<void, PermissionRefusal> {
  const commander = incident.roles.commander;
  if (actor.isAdmin || !commander || commander === actor.id) return ok(undefined);
  return err({ kind: 'not_permitted', action, commander });
}
