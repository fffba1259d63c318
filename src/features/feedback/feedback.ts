import type { Incident } from '../../domain/incident';
import { err, ok, type Result } from '../../domain/result';
import type { Clock } from '../../kernel/clock';
import { claimRequest } from '../../kernel/incident/requests';
import type { UnitOfWork } from '../../kernel/unit-of-work.ports';
import type { FeedbackRepositories } from './feedback.ports';
import type { FeedbackRefusal } from './feedback.refusals';

export const FEEDBACK_CHANGE_MAX = 3000;

export interface FeedbackInput {
  incidentNumber: number;
  user: string;
  rating: number;
  change: string | null;
  /** The modal's view id: a replayed submission changes nothing twice. */
  requestKey?: string;
}

class NotAsked extends Error {}

/** Stores (or replaces) a participant's answer to the feedback form sent when the incident closed; returns the incident it is about. */
export async function submitFeedback(
  deps: { uow: UnitOfWork<FeedbackRepositories>; clock: Clock },
  input: FeedbackInput,
): Promise<Result<Incident, FeedbackRefusal>> {
  const now = deps.clock.now();
  try {
    return await deps.uow.transaction(async (tx) => {
      const incident = await tx.incidents.findByNumber(input.incidentNumber);
      if (!incident) return err({ kind: 'feedback_not_asked' } as const);
      if (!(await claimRequest(tx, input.requestKey, now))) return err({ kind: 'duplicate_request' } as const);
      // Throwing rolls back the request claim, so this refusal leaves nothing behind.
      if (!(await tx.feedback.answer(incident.id, input.user, input.rating, input.change, now))) throw new NotAsked();
      return ok(incident);
    });
  } catch (e) {
    if (e instanceof NotAsked) return err({ kind: 'feedback_not_asked' } as const);
    throw e;
  }
}

/**
 * The incident a "Give feedback" button names, if `user` was asked about it.
 * The number is the button's value, which a client can change.
 */
export async function feedbackAsked(
  uow: UnitOfWork<FeedbackRepositories>,
  params: { incidentNumber: number; user: string },
): Promise<Result<Incident, FeedbackRefusal>> {
  const incident = await uow.incidents.findByNumber(params.incidentNumber);
  if (!incident || !(await uow.feedback.asked(incident.id, params.user))) return err({ kind: 'feedback_not_asked' });
  return ok(incident);
}
