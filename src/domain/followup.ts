/** A follow-up's ticket in the policy's tracker (issue 18), as every place that shows the follow-up links it. */
export interface FollowupTicketLink {
  /** `OPS-12` (Jira) or `#34` (GitHub). */
  key: string;
  url: string;
}

export interface Followup {
  id: number;
  incidentId: number;
  text: string;
  owner: string | null;
  due: string | null;
  status: 'open' | 'done';
  source: 'command' | 'review';
  createdBy: string;
  createdAt: Date;
  doneBy: string | null;
  doneAt: Date | null;
  /** Set once the tracker has it (src/features/tickets); absent where it was not read. */
  ticket?: FollowupTicketLink | null;
}

/** The open follow-ups, the soonest due first (undated last, then in the order they were made). */
export const openSoonestDue = (followups: readonly Followup[]): Followup[] =>
  followups
    .filter((f) => f.status === 'open')
    .sort((a, b) => (a.due ?? '9999-99-99').localeCompare(b.due ?? '9999-99-99') || a.id - b.id);
