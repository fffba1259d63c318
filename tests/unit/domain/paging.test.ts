import { isRaise, NO_PAGING, type PagingPolicy, pageKey, servicesToPage } from '../../../src/domain/paging';
import type { Severity } from '../../../src/domain/severity';

const paging: PagingPolicy = {
  services: [
    { name: 'payments', kind: 'pagerduty', routingKeyEnv: 'PD' },
    { name: 'platform', kind: 'opsgenie', apiKeyEnv: 'OG', responders: [] },
    { name: 'security', kind: 'pagerduty', routingKeyEnv: 'PD_SEC' },
  ],
  rules: [
    { severities: ['SEV1'], categories: null, page: ['platform', 'payments'] },
    { severities: ['SEV1', 'SEV2'], categories: ['Security'], page: ['security'] },
    { severities: ['SEV2'], categories: null, page: ['payments'] },
  ],
};

describe('servicesToPage', () => {
  test.each<[Severity | null, string | null, boolean, string[]]>([
    ['SEV1', null, false, ['payments', 'platform']],
    ['SEV1', 'Security', false, ['payments', 'platform', 'security']],
    ['SEV2', 'Security', false, ['payments', 'security']],
    ['SEV2', 'Availability', false, ['payments']],
    ['SEV3', 'Security', false, []],
    ['SEV4', null, false, []],
    [null, 'Security', false, []],
    ['SEV1', 'Security', true, []],
  ])('%s in %s (drill: %s) pages %j', (severity, category, isDrill, expected) => {
    expect(servicesToPage(paging, { severity, category, isDrill })).toEqual(expected);
  });

  test('no paging policy pages nobody', () => {
    expect(servicesToPage(NO_PAGING, { severity: 'SEV1', category: null, isDrill: false })).toEqual([]);
  });
});

test.each<[Severity | null, Severity, boolean]>([
  [null, 'SEV4', true],
  ['SEV3', 'SEV2', true],
  ['SEV2', 'SEV1', true],
  ['SEV1', 'SEV2', false],
  ['SEV2', 'SEV2', false],
])('a move from %s to %s is a raise: %s', (from, to, raise) => {
  expect(isRaise(from, to)).toBe(raise);
});

test("a page's key names the workspace and the incident", () => {
  expect(pageKey('T0001', 42)).toBe('firebreak-T0001-INC-42');
});
