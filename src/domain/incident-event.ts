import type { Role } from './incident';
import type { Severity } from './severity';
import type { Status } from './status';
import type { ComponentStatus, PublicStatus } from './status-page';

/** What changed, by whom, when: the timeline and audit trail are built from these. */
export type IncidentChange =
  | {
      kind: 'declared';
      title: string;
      severity: Severity | null;
      commander: string | null;
      isPrivate: boolean;
      drill?: true;
    }
  | { kind: 'status'; from: Status; to: Status; message: string | null }
  | { kind: 'severity'; from: Severity | null; to: Severity }
  | { kind: 'role'; role: Role; from: string | null; to: string }
  /** One of the policy's other roles (`roles`) was given to someone. */
  | { kind: 'extra_role'; role: string; from: string | null; to: string }
  /** The incident's custom fields changed (by the update form); values as text, null where unset. */
  | { kind: 'fields_changed'; changes: { label: string; from: string | null; to: string | null }[] }
  | { kind: 'invited'; users: string[] }
  /** A step of the recovery plan's checklist was ticked (`step` counts from 1). */
  | { kind: 'step_ticked'; plan: string; step: number; text: string }
  /** The on-call was paged through a service (`provider` names its kind); `automatic`: by a paging rule. */
  | { kind: 'paged'; service: string; provider: string; automatic: boolean; message: string | null }
  /** A follow-up's ticket was closed in the tracker (`tracker`: Jira, GitHub), which marked the follow-up done. */
  | { kind: 'followup_closed'; text: string; ticket: string; tracker: string; by: string | null }
  /** A post on the public status page, as customers read it (`componentStatus` null: no components named). */
  | { kind: 'published'; message: string; status: PublicStatus; componentStatus: ComponentStatus | null };

export interface IncidentEvent {
  change: IncidentChange;
  actor: string;
  at: Date;
}
