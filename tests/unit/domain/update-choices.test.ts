import { DEFAULT_POLICY } from '../../../src/domain/policy';
import { STATUSES } from '../../../src/domain/status';
import { canMove } from '../../../src/domain/transitions';
import { nextUpdateChoices, updateInterval, updateStatusChoices } from '../../../src/domain/update-choices';

const MIN = 60_000;

describe('what the update form offers, and so all it accepts', () => {
  test.each(STATUSES)('from %s: staying put or an allowed move, never a move to closed or cancelled', (from) => {
    const [stay, ...moves] = updateStatusChoices(from);
    expect(stay).toBe(from);
    for (const to of moves) expect(canMove(from, to)).toBe(true);
    expect(moves).not.toContain('closed');
    expect(moves).not.toContain('cancelled');
  });

  test.each([
    ['an interval already listed', 30 * MIN, ['15m', '30m', '1h', '2h', '4h', '8h', '1d']],
    ['an interval of its own, in order', 45 * MIN, ['15m', '30m', '45m', '1h', '2h', '4h', '8h', '1d']],
  ])('next update in: %s', (_name, policyMs, labels) => {
    const choices = nextUpdateChoices(policyMs);
    expect(choices.map((c) => c.label)).toEqual(labels);
    expect(choices.some((c) => c.ms === policyMs)).toBe(true);
    // Bounded: none of them switches the nudges off.
    expect(Math.max(...choices.map((c) => c.ms))).toBeLessThanOrEqual(24 * 60 * MIN);
  });

  test('the default interval is the severity’s, and the lowest severity’s before one is set', () => {
    expect(updateInterval('SEV1', DEFAULT_POLICY)).toBe(DEFAULT_POLICY.severities.SEV1.updateEvery);
    expect(updateInterval(null, DEFAULT_POLICY)).toBe(DEFAULT_POLICY.severities.SEV4.updateEvery);
  });
});
