import { channelNameError, escapedLength, tzOffsetSeconds } from '@firebreak/slack-emulator/rules';

describe('channel name rules (conversations.create)', () => {
  test.each([
    ['inc-42-db-down', undefined],
    ['inc_42', undefined],
    ['a'.repeat(80), undefined],
    ['', 'invalid_name_required'],
    [undefined, 'invalid_name_required'],
    ['a'.repeat(81), 'invalid_name_maxlength'],
    ['Inc-42', 'invalid_name_specials'],
    ['inc 42', 'invalid_name_specials'],
    ['inc.42', 'invalid_name_specials'],
    ['café', 'invalid_name_specials'],
    ['#inc', 'invalid_name_specials'],
  ])('%p → %p', (name, expected) => {
    expect(channelNameError(name)).toBe(expected);
  });
});

describe('escapedLength (chat.update limit)', () => {
  test('counts &, < and > as their entities', () => {
    expect(escapedLength('a<b>&')).toBe(1 + 4 + 1 + 4 + 5);
    expect(escapedLength('plain')).toBe(5);
  });
});

describe('tzOffsetSeconds', () => {
  const jan = Date.UTC(2026, 0, 15);
  const jul = Date.UTC(2026, 6, 15);
  test.each([
    ['UTC', jan, 0],
    ['Asia/Tokyo', jan, 9 * 3600],
    ['Europe/London', jan, 0],
    ['Europe/London', jul, 3600],
    ['America/New_York', jan, -5 * 3600],
    ['America/New_York', jul, -4 * 3600],
    ['Not/AZone', jan, 0],
  ])('%s', (tz, at, expected) => {
    expect(tzOffsetSeconds(tz, at)).toBe(expected);
  });
});
