import { z } from 'zod';
import type { SlackDeps } from '../../kernel/slack/deps';
import type { Listeners } from '../../kernel/slack/listener-router';
import { runDeclareStep, runUpdateStep, type StepRun } from './shortcuts';
import { DECLARE_STEP, UPDATE_STEP } from './shortcuts.ids';
import type { DeclareForWorkflow, ShortcutsRepositories, UpdateForWorkflow } from './shortcuts.ports';

const executed = z.object({
  function: z.object({ callback_id: z.string() }),
  function_execution_id: z.string().min(1),
  bot_access_token: z.string().min(1),
  inputs: z.record(z.string(), z.unknown()).nullish(),
});

const stepRun = (event: unknown): StepRun => {
  const e = executed.parse(event);
  return {
    executionId: e.function_execution_id,
    callbackId: e.function.callback_id,
    token: e.bot_access_token,
    inputs: e.inputs ?? {},
  };
};

export type WorkflowStepDeps = SlackDeps<ShortcutsRepositories> & {
  declareForWorkflow: DeclareForWorkflow;
  updateForWorkflow: UpdateForWorkflow;
};

/**
 * The Workflow Builder steps (manifest.yml `functions`). Slack hears the event was received only once what it asked
 * for and the step's completion are committed: a failure throws, Slack gets a 500 and delivers the event again, and
 * the execution id makes the second delivery change nothing twice. The completion itself is a message owed to Slack
 * and leaves through the outbox (Bolt's complete() and fail() would call Slack before the commit).
 */
export function registerWorkflowSteps(app: Listeners, deps: WorkflowStepDeps): void {
  app.function(DECLARE_STEP, async ({ event, ack }) => {
    await runDeclareStep({ ...deps, declare: deps.declareForWorkflow }, stepRun(event));
    await ack();
  });
  app.function(UPDATE_STEP, async ({ event, ack }) => {
    await runUpdateStep({ ...deps, update: deps.updateForWorkflow }, stepRun(event));
    await ack();
  });
}
