import type { SharedRefusal } from '../../kernel/refusals';

export type RecoveryRefusal = SharedRefusal | { kind: 'no_checklist' } | { kind: 'no_such_step'; steps: number };
