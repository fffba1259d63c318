export const STATUSES = [
  'triage',
  'investigating',
  'identified',
  'monitoring',
  'resolved',
  'closed',
  'cancelled',
] as const;
export type Status = (typeof STATUSES)[number];

export function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}

/**
 * Statuses in which the incident is still being fought: the one definition of "open" that
 * reminders, the open-incident metric and the open-incident queries (their SQL lists included) read.
 */
export const OPEN_STATUSES: readonly Status[] = ['triage', 'investigating', 'identified', 'monitoring'];
/** Every other status, for SQL that must say `not in` to match a partial index's predicate. */
export const NOT_OPEN_STATUSES: readonly Status[] = STATUSES.filter((s) => !OPEN_STATUSES.includes(s));

export function isOpen(status: Status): boolean {
  return OPEN_STATUSES.includes(status);
}

export const STATUS_LABEL: Record<Status, string> = {
  triage: 'Triage',
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  closed: 'Closed',
  cancelled: 'Cancelled',
};
