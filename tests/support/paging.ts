import { FakeOpsgenie, FakePagerDuty } from '@firebreak/service-fakes';
import type { PagingPolicy } from '../../src/domain/paging';
import type { HarnessOptions } from './harness';

/** 32 characters, as PagerDuty's integration keys are. */
export const PD_KEY = 'f1rebreakf1rebreakf1rebreakf1reb';
export const OPSGENIE_KEY = 'eb243592-faa2-4ba2-a551-1afdf565c889';
/** Refused by PagerDuty: not 32 characters. */
export const BAD_PD_KEY = 'not-a-routing-key';

/** SEV1 pages both on-calls, SEV2 the payments one; `broken` has a key PagerDuty refuses. */
export const PAGING: PagingPolicy = {
  services: [
    { name: 'payments', kind: 'pagerduty', routingKeyEnv: 'PD_PAYMENTS_KEY' },
    { name: 'platform', kind: 'opsgenie', apiKeyEnv: 'OPSGENIE_KEY', responders: [{ type: 'team', name: 'platform' }] },
    { name: 'broken', kind: 'pagerduty', routingKeyEnv: 'PD_BROKEN_KEY' },
  ],
  rules: [
    { severities: ['SEV1'], categories: null, page: ['payments', 'platform'] },
    { severities: ['SEV2'], categories: null, page: ['payments'] },
  ],
};

/** The emulator's workspace (team id), part of every page's key. */
export const pageKeyOf = (n: number) => `firebreak-T0001-INC-${n}`;

export interface PagingFakes {
  pagerduty: FakePagerDuty;
  opsgenie: FakeOpsgenie;
  /** What a harness needs to page them. */
  options: Pick<HarnessOptions, 'policy' | 'paging'>;
  stop(): Promise<void>;
}

export async function startPagingFakes(): Promise<PagingFakes> {
  const pagerduty = new FakePagerDuty().addRoutingKey(PD_KEY);
  const opsgenie = new FakeOpsgenie().addApiKey(OPSGENIE_KEY);
  await Promise.all([pagerduty.start(), opsgenie.start()]);
  return {
    pagerduty,
    opsgenie,
    options: {
      policy: { paging: PAGING },
      paging: {
        pagerdutyEventsUrl: pagerduty.url,
        opsgenieApiUrl: opsgenie.url,
        keys: { payments: PD_KEY, platform: OPSGENIE_KEY, broken: BAD_PD_KEY },
      },
    },
    stop: async () => {
      await Promise.all([pagerduty.stop(), opsgenie.stop()]);
    },
  };
}
