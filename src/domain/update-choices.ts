import { formatDuration, parseDuration } from './duration';
import { severityPolicyOf } from './incident-types';
import type { Policy } from './policy';
import type { Severity } from './severity';
import type { Status } from './status';
import { allowedNext } from './transitions';

const NEXT_CHOICES = ['15m', '30m', '1h', '2h', '4h', '8h', '1d'];

/** The "Next update in" choices, always including the policy's own interval. */
export function nextUpdateChoices(policyMs: number): { label: string; ms: number }[] {
  const all = new Map<number, string>(NEXT_CHOICES.map((c) => [parseDuration(c)!, c]));
  if (!all.has(policyMs)) all.set(policyMs, formatDuration(policyMs).replace(' ', ''));
  return [...all.entries()].sort((a, b) => a[0] - b[0]).map(([ms, label]) => ({ label, ms }));
}

/**
 * The statuses an update may set: staying put or a move the lifecycle allows,
 * never closing or cancelling. Those have their own commands and checks (the
 * required review, the feedback requests), which an update must not skip.
 */
export function updateStatusChoices(from: Status): Status[] {
  return [from, ...allowedNext(from).filter((s) => s !== 'closed' && s !== 'cancelled')];
}

/**
 * The interval the update modal offers by default: the severity's (as the incident's type sets it), or the lowest
 * severity's before triage sets one.
 */
export function updateInterval(severity: Severity | null, policy: Policy, type?: string | null): number {
  return severityPolicyOf(policy, { severity: severity ?? 'SEV4', type })!.updateEvery;
}
