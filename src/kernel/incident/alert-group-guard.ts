import type { Incident } from '../../domain/incident';
import { isOpen } from '../../domain/status';
import type { SharedRefusal } from '../refusals';
import type { IncidentRepository } from './incident.ports';

/**
 * An alert group has one open incident at a time (a unique index holds it). Reopening an incident whose group a
 * newer incident took meanwhile would break that: refused here with the holder named, before the index refuses
 * it as a bare error.
 */
export async function alertGroupHeld(
  incidents: Pick<IncidentRepository, 'alertGroupHolder'>,
  before: Incident,
  after: Incident,
): Promise<SharedRefusal | undefined> {
  if (!before.origin || isOpen(before.status) || !isOpen(after.status)) return undefined;
  const holder = await incidents.alertGroupHolder(before.id);
  return holder === undefined ? undefined : { kind: 'alert_group_held', holder };
}
