import type { OfferedGuide, StepDone } from '../../domain/recovery';

export interface RecoveryChecklist {
  incidentId: number;
  guide: OfferedGuide;
  messageTs: string | null;
  /** The steps marked done (the table keeps its first name, recovery_ticks). */
  doneSteps: StepDone[];
}

export interface RecoveryRepository {
  /** False when the incident was already offered a guide: it is offered once. */
  offer(incidentId: number, guide: OfferedGuide, at: Date): Promise<boolean>;
  get(incidentId: number): Promise<RecoveryChecklist | undefined>;
  setMessageTs(incidentId: number, ts: string): Promise<void>;
  /** The step as stored: someone else's earlier click when the step was already done. */
  markStepDone(incidentId: number, done: StepDone): Promise<{ done: StepDone; fresh: boolean }>;
}

export interface DrillScheduleState {
  plan: string;
  firstSeenAt: Date;
  remindedSlot: Date | null;
  /** Declared time of the plan's latest drill. */
  lastDrillAt: Date | null;
}

export interface DrillScheduleRepository {
  /** Starts the clock of plans seen for the first time; returns every plan's state. */
  observe(plans: string[], at: Date): Promise<DrillScheduleState[]>;
  /** The claim: false when this period (or a later one) was already taken by someone. */
  claimSlot(plan: string, slot: Date): Promise<boolean>;
}

/** What this feature adds to the unit of work (src/kernel/unit-of-work.ports.ts). */
export interface RecoveryRepositories {
  recovery: RecoveryRepository;
  drills: DrillScheduleRepository;
}
