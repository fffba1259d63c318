import type { Severity } from './severity';
import { SEVERITIES } from './severity';

/** Who an Opsgenie alert goes to, as its Alert API names them (by id, name or username). */
export interface OpsgenieResponder {
  type: 'team' | 'user' | 'escalation' | 'schedule';
  id?: string;
  name?: string;
  username?: string;
}

/** A service the on-call is reached through; its key is read from the environment variable it names. */
export type PagingService =
  | { name: string; kind: 'pagerduty'; routingKeyEnv: string }
  | { name: string; kind: 'opsgenie'; apiKeyEnv: string; responders: OpsgenieResponder[] };

/** Incidents at one of `severities` (and, when given, of one of `categories`) page the services named in `page`. */
export interface PagingRule {
  severities: Severity[];
  categories: string[] | null;
  page: string[];
}

export interface PagingPolicy {
  services: PagingService[];
  rules: PagingRule[];
}

export const NO_PAGING: PagingPolicy = { services: [], rules: [] };

export const PROVIDER_NAME: Record<PagingService['kind'], string> = { pagerduty: 'PagerDuty', opsgenie: 'Opsgenie' };

/** Lower is more severe; no severity is the least severe of all. */
const rank = (s: Severity | null): number => (s === null ? SEVERITIES.length : SEVERITIES.indexOf(s));

/** A move to a more severe level (or a first severity). Lowering never pages. */
export const isRaise = (from: Severity | null, to: Severity): boolean => rank(to) < rank(from);

/**
 * The services an incident at `severity` in `category` pages by itself, in the order the policy lists them.
 * Drills rehearse a plan: they never wake anyone.
 */
export function servicesToPage(
  paging: PagingPolicy,
  incident: { severity: Severity | null; category: string | null; isDrill: boolean },
): string[] {
  const { severity, category } = incident;
  if (incident.isDrill || severity === null) return [];
  const wanted = new Set(
    paging.rules
      .filter((r) => r.severities.includes(severity))
      .filter((r) => r.categories === null || (category !== null && r.categories.includes(category)))
      .flatMap((r) => r.page),
  );
  return paging.services.filter((s) => wanted.has(s.name)).map((s) => s.name);
}

/** A service by the name a person typed (case does not matter). */
export const findService = (paging: PagingPolicy, name: string): PagingService | undefined =>
  paging.services.find((s) => s.name.toLowerCase() === name.toLowerCase());

/**
 * The one key of an incident's page at every service: PagerDuty's `dedup_key`, Opsgenie's `alias`. A retried
 * trigger carries the same key, so the service folds it into the open alert instead of paging twice.
 */
export const pageKey = (workspace: string, incidentNumber: number): string =>
  `firebreak-${workspace}-INC-${incidentNumber}`;

export const PAGERDUTY_SEVERITY: Record<Severity, 'critical' | 'error' | 'warning' | 'info'> = {
  SEV1: 'critical',
  SEV2: 'error',
  SEV3: 'warning',
  SEV4: 'info',
};

export const OPSGENIE_PRIORITY: Record<Severity, 'P1' | 'P2' | 'P3' | 'P4'> = {
  SEV1: 'P1',
  SEV2: 'P2',
  SEV3: 'P3',
  SEV4: 'P4',
};
