import type { Incident } from '../../domain/incident';
import type { Policy } from '../../domain/policy';
import { interval } from '../../domain/reminders';
import { stillItsPeople } from '../../kernel/incident/query-incidents';
import type { Repositories } from '../../kernel/unit-of-work.ports';
import type { ReachesStakeholders } from './reminders.ports';

/**
 * Whether the next stakeholder digest will carry the incident's latest note
 * (digests quote the newest note as the latest update): the severity has a
 * digest cadence, the incident is active and no drill, and the digest reaches
 * someone: the stakeholder channel of a public incident, or a subscriber who
 * may still see it.
 */
async function reachesStakeholders(repos: Repositories, incident: Incident, policy: Policy): Promise<boolean> {
  const facts = { incident, lastUpdateAt: null, nextUpdateDue: null, commanderPresent: true, reviewSubmitted: false };
  if (interval('stakeholder_digest', facts, policy) === null) return false;
  if (!incident.isPrivate && (policy.stakeholderChannel ?? policy.announcementChannel)) return true;
  return (await stillItsPeople(repos, incident, await repos.incidents.subscribers(incident.id))).length > 0;
}

/** This feature's side of the ReachesStakeholders port, under the policy the deployment runs with. */
export const stakeholderReach =
  (policy: Policy): ReachesStakeholders =>
  (repos, incident) =>
    reachesStakeholders(repos, incident, policy);
