import {
  emptyAnswers,
  newActionItems,
  parseActionItem,
  parseActionItems,
  unansweredRequired,
} from '../../../src/domain/review';

describe('action-item owners typed in the review form', () => {
  test.each([
    {
      line: 'Add a canary @bob due 2026-12-15',
      expected: { text: 'Add a canary', owner: null, ownerName: 'bob', due: '2026-12-15' },
    },
    { line: '@Zoë.K rotates the keys.', expected: { text: 'rotates the keys.', owner: null, ownerName: 'Zoë.K' } },
    {
      line: 'Write the runbook @carol, then review it',
      expected: { text: 'Write the runbook then review it', ownerName: 'carol' },
    },
    { line: 'Mail ops@example.com', expected: { text: 'Mail ops@example.com', owner: null } },
    { line: 'Tell @channel about it', expected: { text: 'Tell @channel about it', owner: null } },
    { line: 'A mention wins <@UBOB> over @carol', expected: { text: 'A mention wins over @carol', owner: 'UBOB' } },
  ])('$line', ({ line, expected }) => {
    const parsed = parseActionItems(line);
    expect(parsed.ok && parsed.value[0]).toMatchObject(expected);
    if (!('ownerName' in expected)) expect(parsed.ok && parsed.value[0].ownerName).toBeFalsy();
  });

  test('/incident followup keeps a typed @name in its text: Slack turns real mentions into <@U…> there', () => {
    expect(parseActionItem('Rotate the keys @bob')).toEqual({
      ok: true,
      value: { text: 'Rotate the keys @bob', owner: null, due: null },
    });
  });
});

test('action items repeating a follow-up or an earlier item, case and spaces aside, are dropped', () => {
  const items = ['rotate  the KEYS', 'Add a canary', 'add a canary ', 'Page sooner'].map((text) => ({
    text,
    owner: null,
    due: null,
  }));
  expect(newActionItems(items, ['Rotate the keys']).map((i) => i.text)).toEqual(['Add a canary', 'Page sooner']);
});

test('what happened, its impact and its cause are the answers needed to publish', () => {
  expect(unansweredRequired({ ...emptyAnswers(), summary: 'x', rootCause: '  ' })).toEqual([
    'customerImpact',
    'rootCause',
  ]);
});
