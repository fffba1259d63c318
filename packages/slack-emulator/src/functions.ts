import { randomBytes } from 'node:crypto';
import { ApiError } from './errors';
import type { Args } from './types';
import type { UserActions } from './user-actions';
import type { Workspace } from './workspace';

// Workflow Builder's custom steps ("functions" in the app manifest) as Slack runs them for an app whose
// function_runtime is remote: a run is a `function_executed` event carrying a short-lived workflow token
// (`xwfp-…`) valid for that execution, and the app ends it with functions.completeSuccess (outputs checked against
// the function's output_parameters) or functions.completeError. Shapes: ../shared/slack-api-specs/surfaces/
// function-executed.event.json and surfaces-and-limits.md §3 (the two methods are not in the Web API OpenAPI).

/** A manifest v1 parameter: `type` is a primitive (`string`, `integer`…) or a Slack type (`slack#/types/user_id`). */
export interface FunctionParameter {
  type: string;
  title?: string;
  description?: string;
  is_required?: boolean;
}

/** A function as manifest.yml declares it under `functions.<callback_id>`. */
export interface FunctionDefinition {
  title: string;
  description: string;
  input_parameters: Record<string, FunctionParameter>;
  output_parameters: Record<string, FunctionParameter>;
}

export interface ExecutionRecord {
  id: string;
  workflowExecutionId: string;
  callbackId: string;
  token: string;
  inputs: Record<string, unknown>;
  state: 'running' | 'completed' | 'failed';
  outputs?: Record<string, unknown>;
  error?: string;
  /** The function_executed event as sent (an app that answered 5xx gets it again). */
  event: Record<string, unknown>;
}

/** The app's functions and their runs; one per emulator, forgotten by reset(). */
export class FunctionRuns {
  readonly definitions = new Map<string, FunctionDefinition>();
  readonly executions = new Map<string, ExecutionRecord>();

  byToken(token: string): ExecutionRecord | undefined {
    for (const e of this.executions.values()) if (e.token === token) return e;
    return undefined;
  }

  reset(): void {
    this.executions.clear();
  }
}

const SLACK_TYPE = 'slack#/types/';

/** Whether `value` is of the parameter's type (the primitive ones, and the Slack id types by their prefixes). */
function ofType(ws: Workspace, type: string, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case `${SLACK_TYPE}user_id`:
      return typeof value === 'string' && ws.users.has(value);
    case `${SLACK_TYPE}channel_id`:
      return typeof value === 'string' && (ws.channels.has(value) || !!ws.imById(value));
    default:
      return type.startsWith(SLACK_TYPE) && value !== undefined && value !== null;
  }
}

/** What Slack refuses in a set of values for `params`: a missing required one, an unknown name, a wrong type. */
function parameterProblems(
  ws: Workspace,
  params: Record<string, FunctionParameter>,
  values: Record<string, unknown>,
): string[] {
  const problems: string[] = [];
  for (const [name, p] of Object.entries(params)) {
    const v = values[name];
    if (v === undefined || v === null || v === '') {
      if (p.is_required) problems.push(`missing required parameter: ${name}`);
    } else if (!ofType(ws, p.type, v)) problems.push(`${name}: not a valid ${p.type}`);
  }
  for (const name of Object.keys(values)) if (!Object.hasOwn(params, name)) problems.push(`unknown parameter: ${name}`);
  return problems;
}

/** The `function` object of the event: parameters as arrays with their names, unlike the manifest's maps. */
function functionJson(ws: Workspace, callbackId: string, def: FunctionDefinition) {
  const params = (map: Record<string, FunctionParameter>) =>
    Object.entries(map).map(([name, p]) => ({ ...p, name, is_required: !!p.is_required }));
  const created = Math.floor(ws.now() / 1000);
  return {
    id: `Fn${callbackId.length.toString(16).toUpperCase()}${randomBytes(4).toString('hex').toUpperCase()}`,
    callback_id: callbackId,
    title: def.title,
    description: def.description,
    type: 'app',
    input_parameters: params(def.input_parameters),
    output_parameters: params(def.output_parameters),
    app_id: ws.appId,
    date_created: created,
    date_updated: created,
    date_deleted: 0,
  };
}

export class WorkflowActions {
  constructor(
    private readonly ws: Workspace,
    private readonly runs: FunctionRuns,
    private readonly actions: UserActions,
  ) {}

  /**
   * A workflow reaches the app's step `callbackId` with `inputs` (checked against its input_parameters, as Workflow
   * Builder checks a step's configuration: misuse throws). Sends function_executed with a fresh workflow token.
   */
  async execute(params: { callbackId: string; inputs: Record<string, unknown> }) {
    const def = this.runs.definitions.get(params.callbackId);
    if (!def) throw new Error(`executeFunction: the app declares no function '${params.callbackId}'`);
    const problems = parameterProblems(this.ws, def.input_parameters, params.inputs);
    if (problems.length) throw new Error(`executeFunction: ${problems.join('; ')}`);
    const hex = () => randomBytes(6).toString('hex').toUpperCase();
    const ts = this.ws.nextTs();
    const execution: ExecutionRecord = {
      id: `Fx${hex()}`,
      workflowExecutionId: `Wx${hex()}`,
      callbackId: params.callbackId,
      token: `xwfp-${this.ws.teamId}-${randomBytes(12).toString('hex')}`,
      inputs: params.inputs,
      state: 'running',
      event: {},
    };
    execution.event = {
      type: 'function_executed',
      function: functionJson(this.ws, params.callbackId, def),
      inputs: params.inputs,
      function_execution_id: execution.id,
      workflow_execution_id: execution.workflowExecutionId,
      event_ts: ts,
      bot_access_token: execution.token,
    };
    this.runs.executions.set(execution.id, execution);
    const eventId = `Ev${hex()}`;
    const response = await this.actions.sendEvent(execution.event, { eventId });
    return { execution, eventId, response };
  }
}

/**
 * functions.completeSuccess / completeError. `token` is the caller's: the execution's own workflow token, or the
 * bot token (Bolt's complete() uses whichever its client holds); another execution's token is refused.
 */
export function completeFunction(
  ws: Workspace,
  runs: FunctionRuns,
  method: 'functions.completeSuccess' | 'functions.completeError',
  args: Args,
  caller: ExecutionRecord | undefined,
): Record<string, unknown> {
  const id = typeof args.function_execution_id === 'string' ? args.function_execution_id : '';
  const missing = [
    ...(id ? [] : ['function_execution_id']),
    ...(method === 'functions.completeSuccess'
      ? args.outputs === undefined
        ? ['outputs']
        : []
      : typeof args.error === 'string' && args.error
        ? []
        : ['error']),
  ];
  if (missing.length)
    throw new ApiError(
      'invalid_arguments',
      missing.map((m) => `[ERROR] missing required field: ${m}`),
    );
  const execution = runs.executions.get(id);
  if (!execution) throw new ApiError('function_execution_not_found');
  if (caller && caller.id !== execution.id) throw new ApiError('access_denied');
  if (execution.state !== 'running') throw new ApiError('execution_not_in_running_state');
  if (method === 'functions.completeError') {
    execution.state = 'failed';
    execution.error = String(args.error);
    return {};
  }
  let outputs = args.outputs;
  if (typeof outputs === 'string') {
    try {
      outputs = JSON.parse(outputs);
    } catch {
      throw new ApiError('parameter_validation_failed', ['outputs: not JSON']);
    }
  }
  if (typeof outputs !== 'object' || outputs === null || Array.isArray(outputs))
    throw new ApiError('parameter_validation_failed', ['outputs: not an object']);
  const def = runs.definitions.get(execution.callbackId);
  const problems = def ? parameterProblems(ws, def.output_parameters, outputs as Record<string, unknown>) : [];
  if (problems.length) throw new ApiError('parameter_validation_failed', problems);
  execution.state = 'completed';
  execution.outputs = outputs as Record<string, unknown>;
  return {};
}
