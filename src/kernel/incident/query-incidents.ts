import type { Incident } from '../../domain/incident';
import { canSee, NO_TIES, participantsOf, peopleOf, type Ties } from '../../domain/visibility';
import type { Repositories, UnitOfWork } from '../unit-of-work.ports';

export async function incidentForChannel(uow: UnitOfWork, channelId: string): Promise<Incident | undefined> {
  return uow.incidents.findByChannel(channelId);
}

/** Of these incidents, those `user` may see now: private ones only for their people. */
export async function visibleTo(repos: Repositories, user: string, incidents: Incident[]): Promise<Incident[]> {
  const ties = await repos.members.ties(incidents.filter((i) => i.isPrivate).map((i) => i.id));
  return incidents.filter((incident) => canSee(incident, user, ties.get(incident.id) ?? NO_TIES));
}

/** Open incidents, private ones only for their people. */
export async function listVisibleIncidents(uow: UnitOfWork, user: string): Promise<Incident[]> {
  return visibleTo(uow, user, await uow.incidents.listOpen());
}

const tiesOf = async (repos: Repositories, incident: Incident): Promise<Ties> =>
  (await repos.members.ties([incident.id])).get(incident.id) ?? NO_TIES;

/**
 * Whether `user` is one of the incident's people now (always, for a public one).
 * Anything that shows a private incident to someone (a DM, a nudge, a button's
 * effect) asks this at the moment it shows it, so a person removed from the
 * channel after the work was queued is not told. Every button, shortcut and
 * form asks it of the incident it loaded, never of what the payload says:
 * a button's value and a modal's private_metadata can be forged.
 */
export async function isOneOfItsPeople(repos: Repositories, incident: Incident, user: string): Promise<boolean> {
  return !incident.isPrivate || canSee(incident, user, await tiesOf(repos, incident));
}

/** Those of `users` who may see the incident now, in their order. */
export async function stillItsPeople(
  repos: Repositories,
  incident: Incident,
  users: readonly string[],
): Promise<string[]> {
  if (!incident.isPrivate) return [...users];
  const people = new Set(peopleOf(incident, await tiesOf(repos, incident)));
  return users.filter((u) => people.has(u));
}

/** Who took part in it (src/domain/visibility.ts): the people asked for feedback and named in the review. */
export async function participantsNow(repos: Repositories, incident: Incident): Promise<string[]> {
  return participantsOf(incident, await tiesOf(repos, incident));
}
