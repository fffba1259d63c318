import { findService } from '../../domain/paging';
import type { Policy } from '../../domain/policy';
import { err, ok, type Result } from '../../domain/result';
import type { Clock } from '../../kernel/clock';
import { claimRequest } from '../../kernel/incident/requests';
import { serviceLane } from '../../kernel/outbox/notice';
import type { Notifier } from '../../kernel/outbox/outbox.ports';
import type { UnitOfWork } from '../../kernel/unit-of-work.ports';
import type { PagingRefusal } from './paging.refusals';

export interface PagingDeps {
  uow: UnitOfWork;
  notifier: Notifier;
  clock: Clock;
  policy: Policy;
}

/** Every page of an incident at one service waits in one lane, so its resolve comes after its trigger. */
export const pageLane = (service: string, incidentId: number): string => serviceLane(`page:${service}`, incidentId);

/**
 * `/incident page <service> [message]`: the page is owed through the outbox with the request's claim, so a replayed
 * command pages once; the service folds a second page of the same incident into its open alert.
 */
export async function pageByHand(
  deps: PagingDeps,
  params: { channelId: string; actor: string; service: string; message: string | null; requestKey?: string },
): Promise<Result<{ service: string }, PagingRefusal>> {
  const { paging } = deps.policy;
  const incident = await deps.uow.incidents.findByChannel(params.channelId);
  if (!incident) return err({ kind: 'not_incident_channel' });
  const service = findService(paging, params.service);
  if (!service)
    return err({ kind: 'unknown_service', given: params.service, known: paging.services.map((s) => s.name) });
  if (['resolved', 'closed', 'cancelled'].includes(incident.status))
    return err({ kind: 'incident_over', status: incident.status });
  return deps.uow.transaction(async (tx) => {
    if (!(await claimRequest(tx, params.requestKey, deps.clock.now()))) return err({ kind: 'duplicate_request' });
    await deps.notifier.notify(tx, {
      type: 'page_requested',
      lane: pageLane(service.name, incident.id),
      incident,
      service: service.name,
      actor: params.actor,
      message: params.message,
      automatic: false,
    });
    return ok({ service: service.name });
  });
}
