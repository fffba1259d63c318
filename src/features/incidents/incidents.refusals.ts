import type { SharedRefusal } from '../../kernel/refusals';

/** What declaring or changing an incident may refuse, beyond the shared refusals. */
export type IncidentRefusal =
  | SharedRefusal
  | { kind: 'channel_create_failed'; error: string }
  | { kind: 'nothing_to_invite' };
