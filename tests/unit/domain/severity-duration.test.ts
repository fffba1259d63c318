import { formatDuration, parseDuration } from '../../../src/domain/duration';
import { parseIncidentRef } from '../../../src/domain/incident';
import { parseSeverity } from '../../../src/domain/severity';

test.each([
  ['SEV1', 'SEV1'],
  ['sev2', 'SEV2'],
  ['3', 'SEV3'],
  [' 4 ', 'SEV4'],
  ['SEV5', undefined],
  ['0', undefined],
  ['high', undefined],
  ['', undefined],
])('severity %j → %s', (text, expected) => expect(parseSeverity(text)).toBe(expected));

test.each([
  ['45s', 45_000],
  ['30m', 1_800_000],
  ['4h', 14_400_000],
  ['2d', 172_800_000],
  [' 5m ', 300_000],
  ['0s', 0],
  ['-5m', -300_000],
  ['5', undefined],
  ['5 minutes', undefined],
  ['1.5h', undefined],
  ['h', undefined],
])('duration %j → %s', (text, ms) => expect(parseDuration(text)).toBe(ms));

test.each([
  [0, '0s'],
  [45_000, '45s'],
  [3_900_000, '1h 5m'],
  [2 * 86_400_000 + 3 * 3_600_000 + 60_000, '2d 3h'],
])('format %d → %s', (ms, text) => expect(formatDuration(ms)).toBe(text));

test.each([
  ['INC-42', 42],
  ['inc-7', 7],
  ['13', 13],
  ['INC-', undefined],
  ['INC-1; drop', undefined],
])('incident ref %j → %s', (text, n) => expect(parseIncidentRef(text)).toBe(n));
