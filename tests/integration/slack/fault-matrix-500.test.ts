import { faultMatrix } from '../../support/fault-matrix';

faultMatrix('HTTP 500, twice,', { status: 500 }, 2);
