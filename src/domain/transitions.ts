import type { Status } from './status';

/**
 * The whole lifecycle as data. Anything not listed here is refused, so a new
 * status cannot sneak in through a forgotten branch.
 */
export const TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  // Straight to resolved: a blip fixed in two minutes. Acknowledged and resolved at the same instant (the milestone
  // trigger and the review read the first move out of triage as the acknowledgement).
  triage: ['investigating', 'resolved', 'cancelled'],
  investigating: ['identified', 'monitoring', 'resolved'],
  identified: ['investigating', 'monitoring', 'resolved'],
  monitoring: ['investigating', 'identified', 'resolved'],
  // Reopening goes back to investigating: the fix did not hold.
  resolved: ['investigating', 'closed'],
  closed: [],
  cancelled: [],
};

export function allowedNext(from: Status): readonly Status[] {
  return TRANSITIONS[from];
}

export function canMove(from: Status, to: Status): boolean {
  return TRANSITIONS[from].includes(to);
}
