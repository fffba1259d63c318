import { type Incident, incidentRef } from './incident';
import type { StatusPagePolicy } from './integrations';

/** A realtime Statuspage incident's statuses, in the order the update form offers them. */
export const PUBLIC_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type PublicStatus = (typeof PUBLIC_STATUSES)[number];

export const PUBLIC_STATUS_LABEL: Record<PublicStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

/** What a public post sets the incident's components to (Statuspage's maintenance state is not an incident's). */
export const COMPONENT_STATUSES = ['operational', 'degraded_performance', 'partial_outage', 'major_outage'] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

export const COMPONENT_STATUS_LABEL: Record<ComponentStatus, string> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};

export const isPublicStatus = (v: unknown): v is PublicStatus => PUBLIC_STATUSES.includes(v as PublicStatus);
export const isComponentStatus = (v: unknown): v is ComponentStatus =>
  COMPONENT_STATUSES.includes(v as ComponentStatus);

/** Statuspage's limit on an incident update's body. */
export const MAX_PUBLIC_MESSAGE = 25_000;

/**
 * Whether the update form offers the status page section for this incident: only with a status page configured,
 * and never for a private incident (nothing of it may become public) or a drill (customers are not rehearsed on).
 */
export const statusPageOffered = (
  incident: Pick<Incident, 'isPrivate' | 'isDrill'>,
  statusPage: StatusPagePolicy | null,
): statusPage is StatusPagePolicy => statusPage !== null && !incident.isPrivate && !incident.isDrill;

/** The components a public post of this incident names: its category's, from the policy. */
export const publicComponents = (incident: Pick<Incident, 'category'>, statusPage: StatusPagePolicy): string[] =>
  incident.category ? (statusPage.components[incident.category] ?? []) : [];

/**
 * The public incident's name: policy-neutral words and the incident's reference, never the internal title
 * (which may name a customer or a cause). The reference makes it unique, so a retry after a lost answer finds
 * the incident it created by this name.
 */
export const publicIncidentName = (incidentNumber: number): string =>
  `Service disruption (${incidentRef(incidentNumber)})`;

/** What a public post said, as the timeline and the review record it. */
export interface PublicPost {
  message: string;
  status: PublicStatus;
  componentStatus: ComponentStatus | null;
}

/** The final post the *Resolve the status page incident* button makes. */
export const RESOLVED_PUBLIC_MESSAGE = 'This incident has been resolved. Thank you for your patience.';
