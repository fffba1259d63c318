import type { Incident } from '../../domain/incident';
import type { Repositories } from '../../kernel/unit-of-work.ports';
import type { RecoveryRepositories } from '../recovery/recovery.ports';

/**
 * What follows every declare and change, in its transaction: the recovery feature offers its guide.
 * A port (main.ts wires the recovery feature's offerRecoveryGuide), so the lifecycle does not import
 * another feature's use cases.
 */
export type OfferRecoveryGuide = (
  tx: Repositories<RecoveryRepositories>,
  incident: Incident,
  at: Date,
) => Promise<void>;
