import type { Incident, Role } from './incident';
import type { IncidentEvent } from './incident-event';
import { err, ok, type Result } from './result';
import type { Severity } from './severity';
import type { Status } from './status';
import { allowedNext, canMove } from './transitions';

export type Refusal =
  | { kind: 'forbidden_transition'; from: Status; to: Status; allowed: readonly Status[] }
  | { kind: 'already_in_status'; status: Status }
  | { kind: 'needs_severity' }
  | { kind: 'needs_commander' }
  | { kind: 'incident_finished'; status: Status }
  | { kind: 'same_severity'; severity: Severity }
  | { kind: 'same_role_holder'; role: Role; user: string }
  | { kind: 'review_required' };

export interface Changed {
  incident: Incident;
  event: IncidentEvent;
}

const FINISHED: readonly Status[] = ['closed', 'cancelled'];

export function changeStatus(
  incident: Incident,
  to: Status,
  actor: string,
  now: Date,
  message: string | null = null,
): Result<Changed, Refusal> {
  const from = incident.status;
  if (from === to) return err({ kind: 'already_in_status', status: to });
  if (!canMove(from, to)) return err({ kind: 'forbidden_transition', from, to, allowed: allowedNext(from) });
  // A cancelled false alarm needs neither: it never really started.
  if (from === 'triage' && to !== 'cancelled') {
    if (!incident.severity) return err({ kind: 'needs_severity' });
    if (!incident.roles.commander) return err({ kind: 'needs_commander' });
  }
  const next: Incident = {
    ...incident,
    status: to,
    updatedAt: now,
    resolvedAt: to === 'resolved' ? now : to === 'investigating' ? null : incident.resolvedAt,
    closedAt: to === 'closed' ? now : incident.closedAt,
  };
  return ok({ incident: next, event: { change: { kind: 'status', from, to, message }, actor, at: now } });
}

export function changeSeverity(incident: Incident, to: Severity, actor: string, now: Date): Result<Changed, Refusal> {
  if (FINISHED.includes(incident.status)) return err({ kind: 'incident_finished', status: incident.status });
  if (incident.severity === to) return err({ kind: 'same_severity', severity: to });
  const next: Incident = { ...incident, severity: to, updatedAt: now };
  return ok({ incident: next, event: { change: { kind: 'severity', from: incident.severity, to }, actor, at: now } });
}

export function assignRole(
  incident: Incident,
  role: Role,
  user: string,
  actor: string,
  now: Date,
): Result<Changed, Refusal> {
  if (FINISHED.includes(incident.status)) return err({ kind: 'incident_finished', status: incident.status });
  const from = incident.roles[role];
  if (from === user) return err({ kind: 'same_role_holder', role, user });
  const next: Incident = { ...incident, roles: { ...incident.roles, [role]: user }, updatedAt: now };
  return ok({ incident: next, event: { change: { kind: 'role', role, from, to: user }, actor, at: now } });
}

export function checkNotFinished(incident: Incident): Result<Incident, Refusal> {
  return FINISHED.includes(incident.status)
    ? err({ kind: 'incident_finished', status: incident.status })
    : ok(incident);
}

/** Closing is a status move with one more rule: a review first, where the policy asks for one. */
export function closeIncident(
  incident: Incident,
  actor: string,
  now: Date,
  review: { required: boolean; submitted: boolean },
): Result<Changed, Refusal> {
  if (incident.status === 'resolved' && review.required && !review.submitted) return err({ kind: 'review_required' });
  return changeStatus(incident, 'closed', actor, now);
}
