import { type Catchup, catchUp, isLateJoiner } from '../../domain/catchup';
import type { Incident } from '../../domain/incident';
import type { Policy } from '../../domain/policy';
import { updateDueAt } from '../../domain/reminders';
import { err, ok, type Result } from '../../domain/result';
import type { Clock } from '../../kernel/clock';
import { isOneOfItsPeople } from '../../kernel/incident/query-incidents';
import type { Notifier } from '../../kernel/outbox/outbox.ports';
import type { SharedRefusal } from '../../kernel/refusals';
import type { Repositories, UnitOfWork } from '../../kernel/unit-of-work.ports';
import type { CatchupNeed } from './catchup.ports';

export interface CatchupDeps {
  uow: UnitOfWork<CatchupNeed>;
  clock: Clock;
  notifier: Notifier;
}

/** The catch-up of one incident, read from the record as it stands. */
export async function readCatchup(
  repos: Repositories<CatchupNeed>,
  incident: Incident,
  now: Date,
  policy: Policy,
): Promise<Catchup> {
  const [events, timeline, followups, latest, cadence] = await Promise.all([
    repos.incidents.events(incident.id),
    repos.timeline.entries(incident.id),
    repos.followups.forIncident(incident.id),
    repos.timeline.latestNote(incident.id),
    repos.incidents.cadence(incident.id),
  ]);
  return catchUp({
    incident,
    events,
    timeline,
    followups,
    latestUpdate: latest ?? null,
    nextUpdateDue: updateDueAt(incident, cadence, policy),
    now,
  });
}

/** `/incident catchup` in an incident channel: only its people may read it (a private incident's stay its own). */
export async function catchupForChannel(
  deps: Pick<CatchupDeps, 'uow' | 'clock'> & { policy: Policy },
  params: { channelId: string; user: string },
): Promise<Result<Catchup, SharedRefusal>> {
  const incident = await deps.uow.incidents.findByChannel(params.channelId);
  if (!incident) return err({ kind: 'not_incident_channel' });
  if (!(await isOneOfItsPeople(deps.uow, incident, params.user))) return err({ kind: 'not_visible' });
  return ok(await readCatchup(deps.uow, incident, deps.clock.now(), deps.policy));
}

/**
 * Someone joined an incident's channel: they are owed its catch-up card, once (a repeated or redelivered join
 * sends nothing more), in the same transaction as the claim so a crash loses neither.
 */
export async function offerCatchup(deps: CatchupDeps, params: { channelId: string; user: string }): Promise<void> {
  await deps.uow.transaction(async (tx) => {
    const incident = await tx.incidents.findByChannel(params.channelId);
    const now = deps.clock.now();
    if (!incident || ['closed', 'cancelled'].includes(incident.status) || !isLateJoiner(incident, params.user, now))
      return;
    if (!(await tx.catchupCards.claim(incident.id, params.user, now))) return;
    await deps.notifier.notify(tx, { type: 'catchup_owed', incident, user: params.user });
  });
}
