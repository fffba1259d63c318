import type { SharedRefusal } from '../../kernel/refusals';

export type TimelineRefusal = SharedRefusal | { kind: 'message_not_recorded' };
