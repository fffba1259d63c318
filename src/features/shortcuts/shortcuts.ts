import { incidentRef, MAX_SUMMARY, MAX_TITLE, parseIncidentRef } from '../../domain/incident';
import type { Policy } from '../../domain/policy';
import { err, ok, type Result } from '../../domain/result';
import { parseSeverity, SEVERITIES } from '../../domain/severity';
import { isOpen } from '../../domain/status';
import type { Clock } from '../../kernel/clock';
import type { PeopleDirectory } from '../../kernel/directory.ports';
import type { Notifier } from '../../kernel/outbox/outbox.ports';
import type { Repositories, UnitOfWork } from '../../kernel/unit-of-work.ports';
import type {
  DeclaredHook,
  DeclareForWorkflow,
  ShortcutsRepositories,
  UpdateForWorkflow,
  WorkflowDeclaration,
} from './shortcuts.ports';

/** A declaration a workflow step made is keyed by its execution: a redelivered event finds it. */
const WORKFLOW_KEY = 'workflow:';

interface CompletionDeps {
  notifier: Notifier;
  clock: Clock;
}

/**
 * What a declaration owes besides the incident itself, decided in the transaction that opens it: the message it was
 * declared from (its form's view id is the declaration's key) gets its timeline entry and thread reply, and a
 * workflow step gets its outputs. A reservation Slack refused a channel for fails its workflow step.
 */
export function declaredHook(deps: CompletionDeps): DeclaredHook {
  return {
    async opened(tx, incident, declareKey) {
      if (!declareKey) return;
      if (declareKey.startsWith(WORKFLOW_KEY))
        return completeStep(deps, tx, declareKey.slice(WORKFLOW_KEY.length), {
          outputs: { incident_id: incidentRef(incident.number), channel_id: incident.channelId },
        });
      const source = await tx.shortcuts.sourceFor(declareKey);
      if (source) await deps.notifier.notify(tx, { type: 'declared_from_message', incident, source });
    },
    async dropped(tx, declareKey, error) {
      if (!declareKey?.startsWith(WORKFLOW_KEY)) return;
      await completeStep(deps, tx, declareKey.slice(WORKFLOW_KEY.length), {
        error: `Slack refused the incident channel (${error}); no incident was declared.`,
      });
    },
  };
}

/** Queues the step's one completion; a second (a redelivered event, a late hook) finds it claimed. */
async function completeStep(
  deps: CompletionDeps,
  tx: Repositories<ShortcutsRepositories>,
  executionId: string,
  result: { outputs: Record<string, string> } | { error: string },
): Promise<void> {
  if (!(await tx.shortcuts.claimCompletion(executionId, deps.clock.now()))) return;
  await deps.notifier.notify(tx, {
    type: 'workflow_step_done',
    lane: `workflow:${executionId}`,
    executionId,
    ...result,
  });
}

export interface StepDeps extends CompletionDeps {
  uow: UnitOfWork<ShortcutsRepositories>;
  policy: Policy;
  people: PeopleDirectory;
  botUserId: string;
}

/** One `function_executed` event: which execution, the workflow token that completes it, and the inputs given. */
export interface StepRun {
  executionId: string;
  callbackId: string;
  token: string;
  inputs: Record<string, unknown>;
}

/**
 * Ends a step in error, once. The message is what the workflow's builder reads in Workflow Builder's activity, so it
 * names the input and the problem.
 */
const failStep = (deps: StepDeps, run: StepRun, error: string) =>
  deps.uow.transaction((tx) => completeStep(deps, tx, run.executionId, { error }));

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/** Pure: the *Declare an incident* step's inputs to a declaration, or the sentence that says what is wrong. */
export function readDeclareInputs(
  inputs: Record<string, unknown>,
  policy: Pick<Policy, 'categories'>,
): Result<Omit<WorkflowDeclaration, 'declareKey'>, string> {
  const title = text(inputs.title);
  if (!title) return err('The title is empty: give the incident a title.');
  if (title.length > MAX_TITLE)
    return err(`The title has ${title.length} characters; keep it to ${MAX_TITLE} or fewer.`);
  const summary = text(inputs.summary);
  if (summary.length > MAX_SUMMARY)
    return err(`The summary has ${summary.length} characters; keep it to ${MAX_SUMMARY} or fewer.`);
  const severityText = text(inputs.severity);
  const severity = severityText ? parseSeverity(severityText) : null;
  if (severity === undefined)
    return err(`Unknown severity "${severityText}": use one of ${SEVERITIES.join(', ')} (or 1 to 4).`);
  const categoryText = text(inputs.category);
  const category = categoryText ? policy.categories.find((c) => c.toLowerCase() === categoryText.toLowerCase()) : null;
  if (category === undefined)
    return err(
      `Unknown category "${categoryText}": use one of ${policy.categories.join(', ') || '(none configured)'}.`,
    );
  const commander = text(inputs.commander) || null;
  return ok({ title, summary, severity, category, commander });
}

/**
 * A workflow's *Declare an incident* step. The event names no person: Firebreak declares as the workflow (itself the
 * declarer), with the commander the step was given. The declaration is keyed by the execution, so a redelivered
 * event declares nothing twice; its completion (incident id and channel id) is queued when the incident opens.
 * Returns once everything is committed: the caller acks Slack then.
 */
export async function runDeclareStep(deps: StepDeps & { declare: DeclareForWorkflow }, run: StepRun): Promise<void> {
  await deps.uow.shortcuts.startStep(run, deps.clock.now());
  const read = readDeclareInputs(run.inputs, deps.policy);
  if (!read.ok) return failStep(deps, run, read.error);
  const { commander } = read.value;
  if (commander && (commander === deps.botUserId || (await deps.people.notPeople([commander])).length))
    return failStep(deps, run, `The commander "${commander}" is not a person of this workspace: pick a person.`);
  const declared = await deps.declare({ ...read.value, declareKey: `${WORKFLOW_KEY}${run.executionId}` });
  // A refused channel was answered by the hook already; the claim makes this a no-op then.
  if (!declared.ok) await failStep(deps, run, `Could not declare the incident (${declared.error.kind}).`);
}

/** A channel id as Slack's `channel_id` inputs carry it. */
const CHANNEL_ID = /^[CG][A-Z0-9]{2,}$/;

/**
 * A workflow's *Post an incident update* step: the incident named by its reference (`INC-12`, `12`) or its channel,
 * with the update form's rules, and only while the incident is open (not once it is resolved). A private incident takes no update from a
 * workflow: a workflow is not one of its people, and whoever built the workflow could read back what it says.
 */
export async function runUpdateStep(deps: StepDeps & { update: UpdateForWorkflow }, run: StepRun): Promise<void> {
  await deps.uow.shortcuts.startStep(run, deps.clock.now());
  const named = text(run.inputs.incident) || text(run.inputs.channel);
  const body = text(run.inputs.text);
  if (!named) return failStep(deps, run, 'Name the incident: its id (INC-12) or its channel.');
  if (!body) return failStep(deps, run, 'The update text is empty.');
  if (body.length > MAX_SUMMARY)
    return failStep(deps, run, `The update has ${body.length} characters; keep it to ${MAX_SUMMARY} or fewer.`);
  const number = parseIncidentRef(named);
  const incident = CHANNEL_ID.test(named)
    ? await deps.uow.incidents.findByChannel(named)
    : number === undefined
      ? undefined
      : await deps.uow.incidents.findByNumber(number);
  if (!incident || incident.isPrivate)
    return failStep(deps, run, `No incident "${named}" takes updates from a workflow (private incidents take none).`);
  if (!isOpen(incident.status))
    return failStep(
      deps,
      run,
      `${incidentRef(incident.number)} is ${incident.status}: only an open incident takes updates from a workflow.`,
    );
  const posted = await deps.update({ incident, text: body, requestKey: `${WORKFLOW_KEY}${run.executionId}` });
  if (!posted.ok) return failStep(deps, run, posted.error);
  await deps.uow.transaction((tx) =>
    completeStep(deps, tx, run.executionId, {
      outputs: { incident_id: incidentRef(incident.number), channel_id: incident.channelId },
    }),
  );
}
