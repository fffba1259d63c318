import type { Incident } from './incident';

/** The part of an incident a change can alter, as the audit log keeps it. */
export function auditSnapshot(incident: Incident) {
  return {
    title: incident.title,
    status: incident.status,
    severity: incident.severity,
    category: incident.category,
    isPrivate: incident.isPrivate,
    commander: incident.roles.commander,
    comms: incident.roles.comms,
    scribe: incident.roles.scribe,
    resolvedAt: incident.resolvedAt?.toISOString() ?? null,
    closedAt: incident.closedAt?.toISOString() ?? null,
  };
}
