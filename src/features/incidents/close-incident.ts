import { severityPolicyOf } from '../../domain/incident-types';
import { closeIncident as decideClose } from '../../domain/lifecycle';
import type { Policy } from '../../domain/policy';
import { err, ok, type Result } from '../../domain/result';
import type { Clock } from '../../kernel/clock';
import type { AdminDirectory } from '../../kernel/directory.ports';
import { withAdminStanding } from '../../kernel/incident/admin-standing';
import { participantsNow } from '../../kernel/incident/query-incidents';
import { claimRequest } from '../../kernel/incident/requests';
import type { Notifier } from '../../kernel/outbox/outbox.ports';
import type { UnitOfWork } from '../../kernel/unit-of-work.ports';
import type { FeedbackRepositories } from '../feedback/feedback.ports';
import type { RecoveryRepositories } from '../recovery/recovery.ports';
import type { ReminderSync, RemindersNeed } from '../updates/reminders.ports';
import type { IncidentRefusal } from './incidents.refusals';

export interface CloseDeps {
  uow: UnitOfWork<RemindersNeed & FeedbackRepositories & RecoveryRepositories>;
  notifier: Notifier;
  clock: Clock;
  policy: Policy;
  admins: AdminDirectory;
  reminderSync: ReminderSync;
  /** Firebreak itself is never asked for feedback. */
  botUserId?: string;
}

/** Closes a resolved incident once its review (if the severity needs one) is submitted. */
export async function closeIncident(
  deps: CloseDeps,
  params: { channelId: string; actor: string; requestKey?: string },
): Promise<Result<void, IncidentRefusal>> {
  const now = deps.clock.now();
  const outcome = await withAdminStanding(deps.admins, params.actor, (permit) =>
    deps.uow.transaction(async (tx) => {
      const before = await tx.incidents.findByChannel(params.channelId, { forUpdate: true });
      if (!before) return err({ kind: 'not_incident_channel' } as const);
      const allowed = permit('close', before);
      if (!allowed.ok) return allowed;
      const review = await tx.reviews.get(before.id);
      const required = severityPolicyOf(deps.policy, before)?.reviewRequired ?? false;
      const decided = decideClose(before, params.actor, now, { required, submitted: review?.status === 'submitted' });
      if (!decided.ok) return decided;
      if (!(await claimRequest(tx, params.requestKey, now))) return err({ kind: 'duplicate_request' } as const);
      await tx.incidents.update(decided.value.incident);
      await tx.incidents.addEvent(before.id, decided.value.event, { before, after: decided.value.incident });
      await deps.reminderSync.incident(tx, decided.value.incident);
      await deps.notifier.notify(tx, { type: 'changed', ...decided.value, before });
      // Only a real close asks for feedback (cancel is a status change, not a close); drills ask too.
      const people = (await participantsNow(tx, before)).filter((u) => u !== deps.botUserId);
      const asked = await tx.feedback.request(before.id, people, now);
      if (asked.length)
        await deps.notifier.notify(tx, { type: 'feedback_requested', incident: decided.value.incident, users: asked });
      return ok(undefined);
    }),
  );
  return outcome;
}
