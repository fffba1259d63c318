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

/** Statuses in which the incident is still being fought. */
export const ACTIVE_STATUSES: readonly Status[] = ['triage', 'investigating', 'identified', 'monitoring'];
export const TERMINAL_STATUSES: readonly Status[] = ['closed', 'cancelled'];

export function isOpen(status: Status): boolean {
  return status !== 'closed' && status !== 'cancelled' && status !== 'resolved';
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
