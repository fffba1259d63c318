import type { Incident } from './incident';

/** A private incident is visible only to the people in it; public ones to everyone. */
export function canSee(incident: Incident, user: string, participants: readonly string[]): boolean {
  if (!incident.isPrivate) return true;
  return participants.includes(user) || Object.values(incident.roles).includes(user) || incident.declaredBy === user;
}
