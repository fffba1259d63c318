import { refusalTextWith } from '../../kernel/slack/refusal-text';
import type { RecoveryRefusal } from './recovery.refusals';

export const recoveryRefusalText = refusalTextWith<RecoveryRefusal>({
  no_checklist: () => 'This incident has no recovery checklist to tick.',
  no_such_step: (refusal) =>
    `That step is not on this incident's checklist (it has ${refusal.steps} steps). Nothing was changed.`,
});
