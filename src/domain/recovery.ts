import type { Incident } from './incident';
import type { Policy, PolicyLink } from './policy';
import type { Severity } from './severity';

/** What an incident is offered: a runbook link and/or a plan whose steps people mark done. */
export interface OfferedGuide {
  runbook: PolicyLink | null;
  plan: { id: string; title: string; url: string; steps: string[] } | null;
}

export interface StepDone {
  step: number;
  by: string;
  at: Date;
}

const GUIDED: readonly Severity[] = ['SEV1', 'SEV2'];

/** The category's recovery guide, with its plan resolved, when the incident is severe enough to get it. */
export function guideFor(incident: Pick<Incident, 'severity' | 'category'>, policy: Policy): OfferedGuide | null {
  if (!incident.severity || !GUIDED.includes(incident.severity) || !incident.category) return null;
  const guide = policy.recovery[incident.category];
  if (!guide) return null;
  return compose(guide.runbook, guide.plan, policy);
}

/** A drill's chosen plan, offered whatever the severity. */
export const planGuide = (planId: string, policy: Policy): OfferedGuide | null => compose(null, planId, policy);

function compose(runbook: PolicyLink | null, planId: string | null, policy: Policy): OfferedGuide | null {
  const p = planId ? policy.plans.find((x) => x.id === planId) : undefined;
  const plan = p ? { id: p.id, title: p.title, url: p.url, steps: [...p.steps] } : null;
  return runbook || plan ? { runbook, plan } : null;
}
