import type { Incident } from '../../domain/incident';
import type { IncidentEvent } from '../../domain/incident-event';
import type { Policy } from '../../domain/policy';
import { guideFor, type OfferedGuide, planGuide, type StepDone } from '../../domain/recovery';
import { err, ok, type Result } from '../../domain/result';
import type { Clock } from '../../kernel/clock';
import { isOneOfItsPeople } from '../../kernel/incident/query-incidents';
import type { Notifier } from '../../kernel/outbox/outbox.ports';
import type { Repositories, UnitOfWork } from '../../kernel/unit-of-work.ports';
import type { RecoveryRepositories } from './recovery.ports';
import type { RecoveryRefusal } from './recovery.refusals';

/**
 * Offers a guide once per incident: the checklist row is the claim, so a declare
 * and a later severity raise (or a replay of either) never post it twice.
 */
export async function offerGuide(
  tx: Repositories<RecoveryRepositories>,
  notifier: Notifier,
  incident: Incident,
  guide: OfferedGuide | null,
  at: Date,
): Promise<void> {
  if (!guide) return;
  if (await tx.recovery.offer(incident.id, guide, at))
    await notifier.notify(tx, { type: 'recovery_offered', incident, guide });
}

/**
 * Called after every declare and change: a drill's chosen plan is offered whatever
 * the severity; otherwise only SEV1/SEV2 incidents in a guided category get anything.
 */
export const offerRecoveryGuide = (
  tx: Repositories<RecoveryRepositories>,
  notifier: Notifier,
  policy: Policy,
  incident: Incident,
  at: Date,
) =>
  offerGuide(
    tx,
    notifier,
    incident,
    (incident.drillPlan && planGuide(incident.drillPlan, policy)) || guideFor(incident, policy),
    at,
  );

export interface CompleteStepDeps {
  uow: UnitOfWork<RecoveryRepositories>;
  notifier: Notifier;
  clock: Clock;
}

export type StepCompleted = { done: StepDone; fresh: boolean; text: string };

/**
 * A step marked done stays done (no undo): each is a timeline event, and a timeline
 * that says a step was done and then silently forgets it would mislead the review.
 * A second click on a done step, by anyone, is answered with who did it and when.
 * (The stored event and notice keep their first name, `step_ticked`: rows already written use it.)
 */
export async function completeRecoveryStep(
  deps: CompleteStepDeps,
  params: { channelId: string; step: number; user: string },
): Promise<Result<StepCompleted, RecoveryRefusal>> {
  const now = deps.clock.now();
  return deps.uow.transaction(async (tx): Promise<Result<StepCompleted, RecoveryRefusal>> => {
    const incident = await tx.incidents.findByChannel(params.channelId, { forUpdate: true });
    if (!incident) return err({ kind: 'not_incident_channel' });
    if (!(await isOneOfItsPeople(tx, incident, params.user))) return err({ kind: 'not_visible' });
    const checklist = await tx.recovery.get(incident.id);
    const plan = checklist?.guide.plan;
    if (!plan) return err({ kind: 'no_checklist' });
    const text = plan.steps[params.step - 1];
    if (!Number.isInteger(params.step) || text === undefined)
      return err({ kind: 'no_such_step', steps: plan.steps.length });
    if (incident.status === 'closed' || incident.status === 'cancelled')
      return err({ kind: 'incident_finished', status: incident.status });
    const stored = await tx.recovery.markStepDone(incident.id, { step: params.step, by: params.user, at: now });
    if (!stored.fresh) return ok({ ...stored, text });
    const event: IncidentEvent = {
      change: { kind: 'step_ticked', plan: plan.id, step: params.step, text },
      actor: params.user,
      at: now,
    };
    await tx.incidents.addEvent(incident.id, event, { before: incident, after: incident });
    await tx.incidents.addParticipants(incident.id, [params.user], now);
    await deps.notifier.notify(tx, { type: 'step_ticked', incident });
    return ok({ ...stored, text });
  });
}
