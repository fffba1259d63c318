import type { Incident } from '../domain/incident';
import { canSee } from '../domain/visibility';
import type { UnitOfWork } from './ports';

export async function incidentForChannel(uow: UnitOfWork, channelId: string): Promise<Incident | undefined> {
  return uow.incidents.findByChannel(channelId);
}

/** Open incidents, private ones only for the people recorded in them. */
export async function listVisibleIncidents(uow: UnitOfWork, user: string): Promise<Incident[]> {
  const open = await uow.incidents.listOpen();
  const participants = await uow.incidents.participantsOf(open.filter((i) => i.isPrivate).map((i) => i.id));
  return open.filter((incident) => canSee(incident, user, participants.get(incident.id) ?? []));
}
