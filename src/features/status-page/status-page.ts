import type { Incident } from '../../domain/incident';
import type { Policy } from '../../domain/policy';
import { err, ok, type Result } from '../../domain/result';
import { publicComponents, RESOLVED_PUBLIC_MESSAGE, statusPageOffered } from '../../domain/status-page';
import type { Clock } from '../../kernel/clock';
import type { AdminDirectory } from '../../kernel/directory.ports';
import { withAdminStanding } from '../../kernel/incident/admin-standing';
import { isOneOfItsPeople } from '../../kernel/incident/query-incidents';
import { type Notice, serviceLane } from '../../kernel/outbox/notice';
import type { Notifier } from '../../kernel/outbox/outbox.ports';
import type { Repositories, UnitOfWork } from '../../kernel/unit-of-work.ports';
import type { PublicPostRequest, RequestPublicPost, StatusPageRepositories } from './status-page.ports';
import type { StatusPageRefusal } from './status-page.refusals';

/** One incident's public posts wait in one lane, so the page reads them in the order they were asked for. */
export const statusPageLane = (incidentId: number): string => serviceLane('statuspage', incidentId);

async function addPublicPost(
  tx: Repositories<StatusPageRepositories>,
  notifier: Notifier,
  policy: Policy,
  incident: Incident,
  post: PublicPostRequest,
  actor: string,
  at: Date,
): Promise<void> {
  if (!statusPageOffered(incident, policy.statusPage))
    throw new Error('a public post of an incident that is not public');
  const components = publicComponents(incident, policy.statusPage);
  const id = await tx.statusPage.addPost(incident.id, {
    ...post,
    // Without components to set, a component status means nothing.
    componentStatus: components.length ? post.componentStatus : null,
    components,
    actor,
    at,
  });
  await notifier.notify(tx, { type: 'status_page_post', lane: statusPageLane(incident.id), incident, post: id });
}

/** The update form's public post (the updates feature checks the form; main.ts wires this as its port). */
export const publicPostRequester =
  (notifier: Notifier, policy: Policy): RequestPublicPost =>
  (tx, incident, post, actor, at) =>
    addPublicPost(tx, notifier, policy, incident, post, actor, at);

/**
 * Resolving an incident that could have a public incident owes the offer to resolve that too; whether one is open
 * is known only in the status page's lane, after the posts still on their way, where the offer's delivery looks.
 */
export function withResolveOffer(inner: Notifier, policy: Policy): Notifier {
  if (!policy.statusPage) return inner;
  const statusPage = policy.statusPage;
  return {
    notify(tx, notice) {
      const notices: readonly Notice[] = Array.isArray(notice) ? notice : [notice as Notice];
      const offers = notices.flatMap((n): Notice[] =>
        n.type === 'changed' &&
        n.event.change.kind === 'status' &&
        n.event.change.to === 'resolved' &&
        statusPageOffered(n.incident, statusPage)
          ? [{ type: 'status_page_resolve_offer', lane: statusPageLane(n.incident.id), incident: n.incident }]
          : [],
      );
      return inner.notify(tx, offers.length ? [...notices, ...offers] : notice);
    },
  };
}

export interface StatusPageDeps {
  uow: UnitOfWork<StatusPageRepositories>;
  notifier: Notifier;
  clock: Clock;
  policy: Policy;
  admins: AdminDirectory;
}

/**
 * *Resolve the status page incident*: the final public post (resolved, components operational), by the commander
 * or an admin only. The button may be forged or stale: everything is checked again on the incident as it is now.
 */
export async function resolvePublicIncident(
  deps: StatusPageDeps,
  params: { incidentNumber: number; actor: string },
): Promise<Result<Incident, StatusPageRefusal>> {
  const now = deps.clock.now();
  return withAdminStanding(deps.admins, params.actor, (permit) =>
    deps.uow.transaction(async (tx): Promise<Result<Incident, StatusPageRefusal>> => {
      const found = await tx.incidents.findByNumber(params.incidentNumber);
      const incident = found && (await tx.incidents.findByChannel(found.channelId, { forUpdate: true }));
      if (!incident) return err({ kind: 'not_incident_channel' });
      if (!(await isOneOfItsPeople(tx, incident, params.actor))) return err({ kind: 'not_visible' });
      if (!statusPageOffered(incident, deps.policy.statusPage)) return err({ kind: 'not_public' });
      const allowed = permit('resolve', incident);
      if (!allowed.ok) return err(allowed.error);
      const latest = await tx.statusPage.latestPost(incident.id);
      if (!latest) return err({ kind: 'no_public_incident' });
      if (latest.status === 'resolved' && latest.refused === null) return err({ kind: 'public_resolved' });
      await addPublicPost(
        tx,
        deps.notifier,
        deps.policy,
        incident,
        { message: RESOLVED_PUBLIC_MESSAGE, status: 'resolved', componentStatus: 'operational' },
        params.actor,
        now,
      );
      return ok(incident);
    }),
  );
}
