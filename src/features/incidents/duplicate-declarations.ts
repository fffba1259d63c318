import type { Incident } from '../../domain/incident';
import { err, ok, type Result } from '../../domain/result';
import { type DeclarationSketch, DUPLICATE_WINDOW_MS, similarIncidents } from '../../domain/similar-incidents';
import { isOpen } from '../../domain/status';
import type { Clock } from '../../kernel/clock';
import { isOneOfItsPeople, visibleTo } from '../../kernel/incident/query-incidents';
import type { UnitOfWork } from '../../kernel/unit-of-work.ports';
import { type ChangeDeps, inviteToIncident } from './change-incident';
import type { IncidentRefusal } from './incidents.refusals';

/**
 * Open incidents declared in the last 30 minutes that look like the one `declarer` is
 * about to declare, the best match first. Only those the declarer may see: a private
 * incident is offered to its people alone, so a storm never tells an outsider one exists.
 * `passedOver`: incidents the declarer was already shown on this form and chose not to join.
 * `declareKey`: the form's; a form already declared is answered as a replay, not offered
 * the incident it made.
 */
export async function similarOpenIncidents(
  deps: { uow: UnitOfWork; clock: Clock },
  declaring: DeclarationSketch & { declarer: string; declareKey: string },
  passedOver: readonly number[],
): Promise<Incident[]> {
  const now = deps.clock.now();
  const recent = await deps.uow.incidents.listOpenDeclaredSince(new Date(now.getTime() - DUPLICATE_WINDOW_MS));
  const fresh = recent.filter((i) => !passedOver.includes(i.number));
  const similar = similarIncidents(declaring, fresh, now);
  if (!similar.length || (await deps.uow.incidents.findDeclared(declaring.declareKey))) return [];
  // Matching first (pure, cheap) leaves few incidents whose people need loading.
  return visibleTo(deps.uow, declaring.declarer, similar);
}

/**
 * The declare form's *Join*: the person is invited to the named incident's channel (the
 * same `invited` change `/incident invite` records, so the outbox brings them in). The
 * number comes from a button, which can be forged: the incident is loaded again and must
 * be one the person may see and still open. An unknown number and a private incident the
 * person is not one of get the same answer, so a guess learns nothing.
 */
export async function joinSimilarIncident(
  deps: ChangeDeps,
  params: { number: number; user: string; requestKey: string },
): Promise<Result<Incident, IncidentRefusal>> {
  const incident = await deps.uow.incidents.findByNumber(params.number);
  if (!incident || !(await isOneOfItsPeople(deps.uow, incident, params.user))) return err({ kind: 'not_visible' });
  if (!isOpen(incident.status) || incident.channelGoneAt)
    return err({ kind: 'no_longer_open', number: incident.number, status: incident.status });
  const invited = await inviteToIncident(deps, {
    channelId: incident.channelId,
    users: [params.user],
    actor: params.user,
    requestKey: params.requestKey,
  });
  // A second click of the same button: the first one's invitation stands.
  if (!invited.ok && invited.error.kind !== 'duplicate_request') return invited;
  return ok(incident);
}
