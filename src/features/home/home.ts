import type { Followup } from '../../domain/followup';
import type { Incident, Role } from '../../domain/incident';
import type { Policy } from '../../domain/policy';
import { updateDueAt } from '../../domain/reminders';
import { listVisibleIncidents, visibleTo } from '../../kernel/incident/query-incidents';
import type { UnitOfWork } from '../../kernel/unit-of-work.ports';
import type { FollowupRepositories } from '../followups/followups.ports';

export interface HomeIncident {
  incident: Incident;
  nextUpdateDue: Date | null;
  /** The roles the viewer holds in it. */
  mine: Role[];
}

export interface HomeFollowup {
  followup: Followup;
  incidentNumber: number;
}

export interface Home {
  incidents: HomeIncident[];
  followups: HomeFollowup[];
  /** The last incidents closed that the viewer may see, most recent first. */
  closed: Incident[];
}

export const HOME_CLOSED = 10;
const CLOSED_PAGE = 50;

/** Private incidents are left out before counting, so the viewer still sees ten when there are ten they may see. */
async function recentlyClosed(uow: UnitOfWork<FollowupRepositories>, user: string): Promise<Incident[]> {
  const out: Incident[] = [];
  for (let offset = 0; out.length < HOME_CLOSED; offset += CLOSED_PAGE) {
    const page = await uow.incidents.listClosed(CLOSED_PAGE, offset);
    out.push(...(await visibleTo(uow, user, page)));
    if (page.length < CLOSED_PAGE) break;
  }
  return out.slice(0, HOME_CLOSED);
}

/**
 * What one person's App Home shows: the open incidents they may see (private
 * ones only if they are in them), the roles they hold, and the follow-ups they
 * own, from any incident they may see, open or closed, and the last ones closed.
 */
export async function homeFor(uow: UnitOfWork<FollowupRepositories>, policy: Policy, user: string): Promise<Home> {
  const open = await listVisibleIncidents(uow, user);
  const incidents = await Promise.all(
    open.map(async (incident) => ({
      incident,
      nextUpdateDue: updateDueAt(incident, await uow.incidents.cadence(incident.id), policy),
      mine: (Object.keys(incident.roles) as Role[]).filter((r) => incident.roles[r] === user),
    })),
  );
  const owned = await uow.followups.openOwnedBy(user);
  const byId = new Map<number, Incident>();
  for (const id of new Set(owned.map((f) => f.incidentId))) {
    const incident = await uow.incidents.findById(id);
    if (incident) byId.set(id, incident);
  }
  const visible = new Set((await visibleTo(uow, user, [...byId.values()])).map((i) => i.id));
  const followups = owned.flatMap((followup) => {
    const incident = byId.get(followup.incidentId);
    return incident && visible.has(incident.id) ? [{ followup, incidentNumber: incident.number }] : [];
  });
  return { incidents, followups, closed: await recentlyClosed(uow, user) };
}
