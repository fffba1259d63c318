import { faultMatrix } from '../../support/fault-matrix';
import { HUNG_CALL_TIMEOUT_MS } from '../../support/harness';

// The call hangs past the client's timeout but Slack still acts on it: the answer is lost, not the effect.
// The emulator ends the hang when the client gives up, so each costs the shortened timeout, not 5 s.
faultMatrix('A hang past the timeout', { hangMs: 5_100 }, 1, { notifyTimeoutMs: HUNG_CALL_TIMEOUT_MS });
