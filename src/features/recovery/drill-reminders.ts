import { drillDue, reminderSlot, slotOwed } from '../../domain/drills';
import type { Policy } from '../../domain/policy';
import type { Notifier } from '../../kernel/outbox/outbox.ports';
import type { UnitOfWork } from '../../kernel/unit-of-work.ports';
import type { RecoveryRepositories } from './recovery.ports';

export interface DrillReminderDeps {
  uow: UnitOfWork<RecoveryRepositories>;
  notifier: Notifier;
  policy: Policy;
}

/**
 * Tells each scheduled plan's owners when a drill is due, once per reminder period.
 * The period's claim and the owed DMs commit together, so two replicas or a restart
 * cannot send a period twice, and a crash after the commit still delivers it.
 */
export async function remindDueDrills(deps: DrillReminderDeps, now: Date): Promise<number> {
  const { policy } = deps;
  const schedules = policy.drills.filter((d) => policy.plans.some((p) => p.id === d.plan));
  const states = await deps.uow.drills.observe([...new Set(schedules.map((d) => d.plan))], now);
  let sent = 0;
  for (const schedule of schedules) {
    const state = states.find((s) => s.plan === schedule.plan);
    const plan = policy.plans.find((p) => p.id === schedule.plan);
    if (!state || !plan?.owners.length) continue;
    const due = drillDue(schedule, state.lastDrillAt, state.firstSeenAt);
    const slot = reminderSlot(due, now);
    if (!slotOwed(slot, state.remindedSlot)) continue;
    const claimed = await deps.uow.transaction(async (tx) => {
      if (!(await tx.drills.claimSlot(plan.id, slot))) return false;
      await deps.notifier.notify(tx, {
        type: 'drill_due',
        plan: { id: plan.id, title: plan.title },
        owners: plan.owners,
        lastDrillAt: state.lastDrillAt,
        due,
      });
      return true;
    });
    if (claimed) sent++;
  }
  return sent;
}
