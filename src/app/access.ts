import type { Incident } from '../domain/incident';
import type { Repositories } from './ports';
import { isOneOfItsPeople } from './query-incidents';

/**
 * Whether `user` may act on `incident` through a button, shortcut or modal:
 * anyone on a public incident, only its people now (its channel's membership
 * included) on a private one. Interaction payloads can be forged (a button's
 * value, a modal's private_metadata), so every handler asks this of the
 * incident it loaded, not of what the payload says.
 */
export async function mayActOn(repos: Repositories, incident: Incident, user: string): Promise<boolean> {
  return isOneOfItsPeople(repos, incident, user);
}
