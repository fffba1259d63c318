import { summaryFrom, titleFrom } from '../../../../src/features/incidents/declare-from-message';
import { readDeclareInputs } from '../../../../src/features/shortcuts/shortcuts';

const policy = { categories: ['Availability', 'Security'] };

describe('the Declare an incident step’s inputs', () => {
  test('a full set, with severity as a number and the category in any case', () => {
    expect(
      readDeclareInputs(
        { title: '  Ledger down ', severity: '2', category: 'availability', summary: ' 502s ', commander: 'UCAROL' },
        policy,
      ),
    ).toEqual({
      ok: true,
      value: { title: 'Ledger down', severity: 'SEV2', category: 'Availability', summary: '502s', commander: 'UCAROL' },
    });
  });

  test('optional inputs left out (or empty) are none', () => {
    expect(readDeclareInputs({ title: 'Disk full', severity: '', category: '' }, policy)).toEqual({
      ok: true,
      value: { title: 'Disk full', severity: null, category: null, summary: '', commander: null },
    });
  });

  test.each([
    [{}, /title is empty/],
    [{ title: 42 }, /title is empty/],
    [{ title: 'x', severity: 'critical' }, /Unknown severity "critical"/],
    [{ title: 'x', category: 'Weather' }, /Unknown category "Weather": use one of Availability, Security/],
    [{ title: 'x', summary: 'y'.repeat(3001) }, /summary has 3001 characters/],
  ])('%j is refused with a sentence naming the input', (inputs, message) => {
    const read = readDeclareInputs(inputs, policy);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error).toMatch(message);
  });

  test('no categories configured: the refusal says so', () => {
    const read = readDeclareInputs({ title: 'x', category: 'Any' }, { categories: [] });
    expect(read).toEqual({ ok: false, error: 'Unknown category "Any": use one of (none configured).' });
  });
});

describe('the form prefilled from a message', () => {
  test('the title is the first line with words in it, cut to 150 characters', () => {
    expect(titleFrom('\n  \n  Checkout down  \nsecond line')).toBe('Checkout down');
    expect(titleFrom('a'.repeat(200))).toHaveLength(150);
    expect(titleFrom('')).toBe('');
  });

  test('the summary is the text, then the permalink, within the summary’s 3,000 characters', () => {
    expect(summaryFrom(' Checkout down ', 'https://x.slack.com/archives/C1/p1')).toBe(
      'Checkout down\n\nhttps://x.slack.com/archives/C1/p1',
    );
    expect(summaryFrom('text', null)).toBe('text');
    const long = summaryFrom('w'.repeat(5000), 'https://x.slack.com/archives/C1/p1');
    expect(long).toHaveLength(3000);
    expect(long.endsWith('\n\nhttps://x.slack.com/archives/C1/p1')).toBe(true);
  });
});
