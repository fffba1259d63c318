import type { Status } from '../../domain/status';
import type { SharedRefusal } from '../../kernel/refusals';

/** What declaring or changing an incident may refuse, beyond the shared refusals. */
export type IncidentRefusal =
  | SharedRefusal
  | { kind: 'channel_create_failed'; error: string }
  | { kind: 'nothing_to_invite' }
  /** Declared for an alert group that has an open incident already (someone declared it a moment before). */
  | { kind: 'alert_group_open' }
  /** `/incident role` naming a role the policy does not have. */
  | { kind: 'unknown_role'; role: string; roles: string[] }
  /** The person holds that (policy) role already. */
  | { kind: 'extra_role_held'; role: string; user: string }
  /** Custom field values the policy's incident type does not accept. */
  | { kind: 'fields_refused'; message: string }
  /** The incident the declare form offered to join was resolved, closed or lost its channel meanwhile. */
  | { kind: 'no_longer_open'; number: number; status: Status };
