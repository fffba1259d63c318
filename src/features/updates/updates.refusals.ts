import type { SharedRefusal } from '../../kernel/refusals';

export type UpdatesRefusal =
  | SharedRefusal
  /** A submitted value the form never offered (a forged or stale submission); `offered` is what it did offer. */
  | { kind: 'not_offered'; field: 'status' | 'severity' | 'next' | 'plan'; offered: string[] }
  /** Custom field values the incident's type does not accept (its type changed since the form was opened). */
  | { kind: 'fields_refused'; message: string };
