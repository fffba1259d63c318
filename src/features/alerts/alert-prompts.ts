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

/** The message a button was clicked on, as the click says: a prompt's buttons act only on that prompt's message. */
export interface ClickedOn {
  channel: string | undefined;
  ts: string | undefined;
}

/** The prompt the value names, if it is the one posted where the click was: a value names any prompt otherwise. */
async function promptClicked(
  alerts: AlertRepositories['alerts'],
  id: number,
  on: ClickedOn,
): Promise<AlertPrompt | undefined> {
  const prompt = await alerts.findPrompt(id);
  if (!prompt?.channelId || prompt.channelId !== on.channel || prompt.messageTs !== on.ts) return undefined;
  return prompt;
}

/** *Declare incident*: the prompt, while no incident is open for its group and nobody dismissed it. */
export async function promptToDeclare(
  deps: PromptDeps,
  id: number,
  on: ClickedOn,
): Promise<{ ok: true; prompt: AlertPrompt } | { ok: false; refusal: PromptRefusal }> {
  const prompt = await promptClicked(deps.uow.alerts, id, on);
  if (!prompt) return { ok: false, refusal: { kind: 'no_prompt' } };
  if (await deps.uow.alerts.openIncident(prompt.source, prompt.group))
    return { ok: false, refusal: { kind: 'open_incident' } };
  if (prompt.state !== 'open') return { ok: false, refusal: { kind: 'decided', state: prompt.state } };
  return { ok: true, prompt };
}

/** *Dismiss*: once, and not once an incident was declared from it; the group's next firing after that prompts again. */
export async function dismissPrompt(
  deps: PromptDeps,
  id: number,
  user: string,
  on: ClickedOn,
): Promise<{ ok: true; prompt: AlertPrompt } | { ok: false; refusal: PromptRefusal }> {
  return deps.uow.transaction(async (tx) => {
    const prompt = await promptClicked(tx.alerts, id, on);
    if (!prompt) return { ok: false, refusal: { kind: 'no_prompt' } };
    if (prompt.state !== 'open') return { ok: false, refusal: { kind: 'decided', state: prompt.state } };
    if (!(await tx.alerts.decidePrompt(id, 'dismissed', user, deps.clock.now()))) {
      // Decided by someone else since it was read: say how.
      const state = (await tx.alerts.findPrompt(id))?.state;
      return { ok: false, refusal: { kind: 'decided', state: !state || state === 'open' ? 'dismissed' : state } };
    }
    return { ok: true, prompt };
  });
}
