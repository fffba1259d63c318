import type { Incident } from '../../domain/incident';
import type { Result } from '../../domain/result';
import type { SourceMessage } from '../../kernel/outbox/notice';
import type { Repositories } from '../../kernel/unit-of-work.ports';
import type { TimelineRepositories } from '../timeline/timeline.ports';

export interface ShortcutsRepository {
  /** Kept by the form's view id; a second call for the same view changes nothing. */
  rememberSource(viewId: string, source: SourceMessage, at: Date): Promise<void>;
  sourceFor(viewId: string): Promise<SourceMessage | undefined>;
  /** Takes on a workflow step's execution; false when it was taken on before (a redelivered event). */
  startStep(step: { executionId: string; callbackId: string; token: string }, at: Date): Promise<boolean>;
  /** True the first time only: the step's completion is owed to Slack (queued in the same transaction). */
  claimCompletion(executionId: string, at: Date): Promise<boolean>;
  /** The workflow token Slack gave the execution, which alone may complete it. */
  stepToken(executionId: string): Promise<string | undefined>;
}

/** What this feature adds to the unit of work (src/kernel/unit-of-work.ports.ts). */
export interface ShortcutsRepositories {
  shortcuts: ShortcutsRepository;
}

export type ShortcutsNeed = ShortcutsRepositories & TimelineRepositories;

/** What a workflow's *Declare an incident* step asks for, validated. */
export interface WorkflowDeclaration {
  title: string;
  summary: string;
  severity: Incident['severity'];
  category: string | null;
  commander: string | null;
  /** `workflow:<function_execution_id>`: a redelivered event finds the incident it made. */
  declareKey: string;
}

/**
 * The declare use case as main.ts hands it to this feature (the incidents feature's declareIncident, Firebreak as
 * the declarer). Its outcome reaches the workflow through {@link DeclaredHook}, in the declaration's transaction.
 */
export type DeclareForWorkflow = (input: WorkflowDeclaration) => Promise<Result<unknown, { kind: string }>>;

/** The update use case as main.ts hands it: an update to an open incident, Firebreak as its author. */
export type UpdateForWorkflow = (input: {
  incident: Incident;
  text: string;
  requestKey: string;
}) => Promise<Result<unknown, string>>;

/**
 * In the transaction that opens an incident (or drops a reservation Slack refused a channel for): whatever the
 * declaration's key says is owed besides (the source message's timeline entry and thread reply, a workflow step's
 * completion). A port, so the lifecycle does not import this feature.
 */
export interface DeclaredHook {
  opened(tx: Repositories<ShortcutsRepositories>, incident: Incident, declareKey: string | null): Promise<void>;
  dropped(tx: Repositories<ShortcutsRepositories>, declareKey: string | null, error: string): Promise<void>;
}
