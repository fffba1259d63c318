import type { Incident } from '../../domain/incident';
import { err, ok, type Result } from '../../domain/result';
import { updateInterval } from '../../domain/update-choices';
import { postUpdate, type UpdateDeps } from './post-update';
import type { UpdatesRefusal } from './updates.refusals';

/**
 * An update a Workflow Builder step posts: the text alone, as the update form with nothing else changed (status and
 * severity kept, the next update due after the severity's interval). `requestKey` (the step's execution) makes a
 * redelivered step post nothing twice; it counts as done.
 */
export async function postWorkflowUpdate(
  deps: UpdateDeps,
  input: { incident: Incident; actor: string; text: string; requestKey: string },
): Promise<Result<void, UpdatesRefusal>> {
  const posted = await postUpdate(deps, {
    incidentNumber: input.incident.number,
    actor: input.actor,
    text: input.text,
    status: input.incident.status,
    severity: null,
    nextUpdateInMs: updateInterval(input.incident.severity, deps.policy),
    requestKey: input.requestKey,
  });
  if (posted.ok || posted.error.refusal.kind === 'duplicate_request') return ok(undefined);
  return err(posted.error.refusal);
}
