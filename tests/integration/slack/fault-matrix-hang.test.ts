import { faultMatrix } from '../../support/fault-matrix';

// The call answers after the client's 5 s timeout but Slack still acts on it: the answer is lost, not the effect.
faultMatrix('A hang past the timeout', { hangMs: 5_100 }, 1);
