import { FakeStatuspage } from '@firebreak/service-fakes';
import type { StatusPagePolicy } from '../../src/domain/integrations';
import type { HarnessOptions } from './harness';

export const STATUSPAGE_KEY = 'sp-key-f1rebreak';
export const PAGE_ID = 'kctbh9vrtdwd';
/** The components incidents of category `Availability` name; the others name none. */
export const COMPONENTS = [
  { id: 'cmpcheckout01', name: 'Checkout' },
  { id: 'cmppayments01', name: 'Payments API' },
];

export const STATUS_PAGE: StatusPagePolicy = {
  pageId: PAGE_ID,
  apiKeyEnv: 'STATUSPAGE_API_KEY',
  components: { Availability: COMPONENTS.map((c) => c.id) },
};

export interface StatusPageFake {
  statuspage: FakeStatuspage;
  /** What a harness needs to post to it. */
  options: Pick<HarnessOptions, 'policy' | 'statusPage'>;
  stop(): Promise<void>;
}

export async function startStatusPageFake(): Promise<StatusPageFake> {
  const statuspage = new FakeStatuspage().addPage(PAGE_ID, STATUSPAGE_KEY, COMPONENTS);
  await statuspage.start();
  return {
    statuspage,
    options: {
      policy: { statusPage: STATUS_PAGE },
      statusPage: { apiUrl: statuspage.url, apiKey: STATUSPAGE_KEY },
    },
    stop: () => statuspage.stop(),
  };
}
