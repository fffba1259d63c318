import type { SharedRefusal } from '../../kernel/refusals';

export type FollowupRefusal = SharedRefusal | { kind: 'followup_not_found' };
