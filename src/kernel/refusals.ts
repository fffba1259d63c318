import type { Refusal } from '../domain/lifecycle';
import type { PermissionRefusal } from '../domain/permissions';

/**
 * What any feature's use case may refuse, as data: the lifecycle's and the permissions' refusals and the checks
 * every incident command shares. Each feature adds its own reasons in <feature>.refusals.ts;
 * src/kernel/slack/refusal-text.ts turns these into sentences, each feature's *.refusal-text.ts its own.
 */
export type SharedRefusal =
  | Refusal
  | PermissionRefusal
  | { kind: 'not_incident_channel' }
  | { kind: 'not_visible' }
  /** The same Slack request (trigger or view) was already applied: a replay changes nothing. */
  | { kind: 'duplicate_request' }
  | { kind: 'unknown_users'; users: string[] }
  /** Reopening would give an alert group a second open incident: a newer one holds it now. */
  | { kind: 'alert_group_held'; holder: number };
