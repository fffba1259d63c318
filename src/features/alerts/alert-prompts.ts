import type { Clock } from '../../kernel/clock';
import type { UnitOfWork } from '../../kernel/unit-of-work.ports';
import type { AlertPrompt, AlertRepositories, PromptDecision } from './alerts.ports';

interface PromptDeps {
  uow: UnitOfWork<AlertRepositories>;
  clock: Clock;
}

/** Why a prompt's button does nothing: a button's value can be forged or stale, so the prompt is read again. */
export type PromptRefusal =
  | { kind: 'no_prompt' }
  | { kind: 'decided'; state: PromptDecision }
  | { kind: 'open_incident' };

/** *Declare incident*: the prompt, while no incident is open for its group and nobody dismissed it. */
export async function promptToDeclare(
  deps: PromptDeps,
  id: number,
): Promise<{ ok: true; prompt: AlertPrompt } | { ok: false; refusal: PromptRefusal }> {
  const prompt = await deps.uow.alerts.findPrompt(id);
  if (!prompt) return { ok: false, refusal: { kind: 'no_prompt' } };
  if (prompt.state !== 'open') return { ok: false, refusal: { kind: 'decided', state: prompt.state } };
  if (await deps.uow.alerts.openIncident(prompt.source, prompt.group))
    return { ok: false, refusal: { kind: 'open_incident' } };
  return { ok: true, prompt };
}

/** *Dismiss*: once; the group's next firing after that prompts again. */
export async function dismissPrompt(
  deps: PromptDeps,
  id: number,
  user: string,
): Promise<{ ok: true; prompt: AlertPrompt } | { ok: false; refusal: PromptRefusal }> {
  return deps.uow.transaction(async (tx) => {
    const prompt = await tx.alerts.findPrompt(id);
    if (!prompt) return { ok: false, refusal: { kind: 'no_prompt' } };
    if (!(await tx.alerts.decidePrompt(id, 'dismissed', user, deps.clock.now())))
      return { ok: false, refusal: { kind: 'decided', state: prompt.state === 'open' ? 'declared' : prompt.state } };
    return { ok: true, prompt };
  });
}
