import { DEFAULT_POLICY, type Policy } from '../../../src/domain/policy';
import { guideFor, planGuide } from '../../../src/domain/recovery';
import { describeChange } from '../../../src/domain/timeline';

const plan = { id: 'p1', title: 'Failover', url: 'https://x.example/p1', steps: ['a', 'b'], owners: ['UBOB'] };
const runbook = { title: 'Runbook', url: 'https://x.example/rb' };
const policy: Policy = {
  ...DEFAULT_POLICY,
  plans: [plan],
  recovery: {
    Data: { runbook, plan: 'p1' },
    Security: { runbook, plan: null },
    Performance: { runbook: null, plan: null },
  },
};

describe('guideFor', () => {
  test.each([
    [
      'SEV1',
      'Data',
      { runbook, plan: { id: 'p1', title: 'Failover', url: 'https://x.example/p1', steps: ['a', 'b'] } },
    ],
    ['SEV2', 'Security', { runbook, plan: null }],
    ['SEV3', 'Data', null],
    ['SEV4', 'Data', null],
    [null, 'Data', null],
    ['SEV1', null, null],
    ['SEV1', 'Availability', null],
    // A guide with neither link nor plan offers nothing.
    ['SEV1', 'Performance', null],
  ] as const)('%s in %s', (severity, category, expected) => {
    expect(guideFor({ severity, category }, policy)).toEqual(expected);
  });
});

test('planGuide offers a plan by id whatever the severity, and nothing for an unknown id', () => {
  expect(planGuide('p1', policy)?.plan?.steps).toEqual(['a', 'b']);
  expect(planGuide('nope', policy)).toBeNull();
});

test('a tick reads as a timeline line', () => {
  expect(describeChange({ kind: 'step_ticked', plan: 'p1', step: 2, text: 'b' })).toBe('Recovery step 2 done (p1): b');
});
