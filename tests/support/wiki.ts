import { FakeConfluence } from '@firebreak/service-fakes';
import type { HarnessOptions } from './harness';

export const WIKI_EMAIL = 'firebreak@example.com';
export const WIKI_TOKEN = 'ATATT3xFfGF0-wiki-token';
export const WIKI_SPACE = '98305';

export interface WikiFake {
  confluence: FakeConfluence;
  /** What a harness needs to export reviews to it; `token` replaces the API token (a wrong one is refused). */
  options(token?: string): Pick<HarnessOptions, 'policy' | 'env'>;
  stop(): Promise<void>;
}

/** The fake Confluence with one account and the space reviews go to, under a parent page. */
export async function startWikiFake(): Promise<WikiFake> {
  const confluence = new FakeConfluence().addAccount(WIKI_EMAIL, WIKI_TOKEN).addSpace(WIKI_SPACE, 'OPS');
  await confluence.start();
  // The parent every review page goes under, made as a person would make it.
  const parent = await fetch(`${confluence.url}/wiki/api/v2/pages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${WIKI_EMAIL}:${WIKI_TOKEN}`).toString('base64')}`,
    },
    body: JSON.stringify({
      spaceId: WIKI_SPACE,
      status: 'current',
      title: 'Incident reviews',
      body: { representation: 'storage', value: '<p>Every post-incident review.</p>' },
    }),
  });
  const parentId = ((await parent.json()) as { id: string }).id;
  return {
    confluence,
    options: (token = WIKI_TOKEN) => ({
      policy: {
        reviewExport: {
          kind: 'confluence',
          baseUrl: confluence.base,
          spaceId: WIKI_SPACE,
          parentId,
          emailEnv: 'WIKI_EMAIL',
          tokenEnv: 'WIKI_TOKEN',
        },
      },
      env: { WIKI_EMAIL, WIKI_TOKEN: token },
    }),
    stop: () => confluence.stop(),
  };
}
