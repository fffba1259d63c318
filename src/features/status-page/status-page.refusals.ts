import type { SharedRefusal } from '../../kernel/refusals';

export type StatusPageRefusal =
  | SharedRefusal
  /** No status page is configured, or the incident is private or a drill: nothing of it goes public. */
  | { kind: 'not_public' }
  /** Nothing was ever posted on the status page for this incident. */
  | { kind: 'no_public_incident' }
  /** The public incident is resolved already (or its resolving post is on its way). */
  | { kind: 'public_resolved' };
