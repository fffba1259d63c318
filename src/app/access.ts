import type { Incident } from '../domain/incident';
import { canSee } from '../domain/visibility';
import type { Repositories } from './ports';

/**
 * Whether `user` may act on `incident` through a button, shortcut or modal:
 * anyone on a public incident, only its people on a private one. Interaction
 * payloads can be forged (a button's value, a modal's private_metadata), so
 * every handler asks this of the incident it loaded, not of what the payload says.
 */
export async function mayActOn(repos: Pick<Repositories, 'incidents'>, incident: Incident, user: string): Promise<boolean> {
  if (!incident.isPrivate) return true;
  return canSee(incident, user, await repos.incidents.participants(incident.id));
}
