import type { Incident } from './incident';

/**
 * What the store knows of the people tied to one incident. The two notions
 * built from it (who took part, who may see) are defined here once, so the
 * list, Home, stats, DMs, nudges, feedback and the review never disagree.
 */
export interface Ties {
  /** Declared it, were invited, given a role or ticked a recovery step. */
  recorded: readonly string[];
  /** Wrote in its timeline: a message in its channel, or an update. */
  posted: readonly string[];
  /** Pinned one of its channel's messages or marked one with :pushpin:. */
  marked: readonly string[];
  /** In its channel by the latest membership event (however they came in). */
  inChannel: readonly string[];
  /** Out of its channel by the latest membership event: they left or were removed. */
  departed: readonly string[];
}

export const NO_TIES: Ties = { recorded: [], posted: [], marked: [], inChannel: [], departed: [] };

/**
 * Who took part: asked for feedback when it closes and named in its review.
 * Someone who came into the channel by themselves counts once they post, pin a
 * message or mark one with :pushpin: (marking what matters is taking part). A
 * private incident keeps only those still in its channel, since its feedback DM
 * and review would tell the others what they may no longer see; a public one
 * keeps everyone who took part, wherever they are now.
 */
export function participantsOf(incident: Pick<Incident, 'isPrivate'>, ties: Ties): string[] {
  const gone = new Set(incident.isPrivate ? ties.departed : []);
  return [...new Set([...ties.recorded, ...ties.posted, ...ties.marked])].filter((u) => !gone.has(u));
}

/**
 * Who may see a private incident now: whoever took part, anyone else in its
 * channel, its declarer and role holders; never someone who has left its
 * channel or been removed from it, whatever they were before.
 */
export function peopleOf(incident: Pick<Incident, 'isPrivate' | 'roles' | 'declaredBy'>, ties: Ties): string[] {
  const gone = new Set(ties.departed);
  const roles = Object.values(incident.roles).filter((r): r is string => !!r);
  const all = [
    ...new Set([...ties.recorded, ...ties.posted, ...ties.marked, ...ties.inChannel, incident.declaredBy, ...roles]),
  ];
  return all.filter((u) => !gone.has(u));
}

/** A private incident is visible only to its people (peopleOf); public ones to everyone. */
export function canSee(
  incident: Pick<Incident, 'isPrivate' | 'roles' | 'declaredBy'>,
  user: string,
  ties: Ties,
): boolean {
  if (!incident.isPrivate) return true;
  return peopleOf(incident, ties).includes(user);
}
