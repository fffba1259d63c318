import type { Status } from '../../domain/status';
import type { SharedRefusal } from '../../kernel/refusals';

/** What declaring or changing an incident may refuse, beyond the shared refusals. */
export type IncidentRefusal =
  | SharedRefusal
  | { kind: 'channel_create_failed'; error: string }
  | { kind: 'nothing_to_invite' }
  /** The incident the declare form offered to join was resolved, closed or lost its channel meanwhile. */
  | { kind: 'no_longer_open'; number: number; status: Status };
