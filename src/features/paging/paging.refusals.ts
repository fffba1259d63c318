import type { SharedRefusal } from '../../kernel/refusals';

export type PagingRefusal =
  | SharedRefusal
  | { kind: 'unknown_service'; given: string; known: string[] }
  /** Resolved, closed or cancelled: nothing would resolve a page sent now. */
  | { kind: 'incident_over'; status: string };
