import type { Incident } from './incident';

/** The part of an incident a change can alter, as the audit log keeps it. */
export function auditSnapshot(i: Incident) {
  return {
    title: i.title,
    status: i.status,
    severity: i.severity,
    category: i.category,
    isPrivate: i.isPrivate,
    commander: i.roles.commander,
    comms: i.roles.comms,
    scribe: i.roles.scribe,
    resolvedAt: i.resolvedAt?.toISOString() ?? null,
    closedAt: i.closedAt?.toISOString() ?? null,
  };
}
