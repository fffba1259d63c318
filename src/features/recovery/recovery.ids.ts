/** A "Done" button on a recovery checklist step; its value is the step number (from 1). */
export const RECOVERY_STEP_BUTTON = 'firebreak_recovery_step';
