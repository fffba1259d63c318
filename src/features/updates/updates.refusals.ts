import type { SharedRefusal } from '../../kernel/refusals';

export type UpdatesRefusal =
  | SharedRefusal
  /** A submitted value the form never offered (a forged or stale submission); `offered` is what it did offer. */
  | {
      kind: 'not_offered';
      field: 'status' | 'severity' | 'next' | 'plan' | 'publicStatus' | 'componentStatus';
      offered: string[];
    }
  /** The form had no *Status page* section for this incident (private, a drill, none configured): a forged one. */
  | { kind: 'status_page_not_offered' }
  /** *Publish to the status page* without the words customers should read. */
  | { kind: 'public_message_missing' }
  /** Custom field values the incident's type does not accept (its type changed since the form was opened). */
  | { kind: 'fields_refused'; message: string };
