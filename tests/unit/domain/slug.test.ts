import { channelName, isValidChannelName, slugify } from '../../../src/domain/slug';

describe('channel names', () => {
  test.each([
    ['Database down', 'inc-12-database-down'],
    ['  API: 500s on /checkout!!  ', 'inc-12-api-500s-on-checkout'],
    ['Сбой базы данных', 'inc-12-sboi-bazy-dannykh'],
    ['Café déjà vu', 'inc-12-cafe-deja-vu'],
    ['🔥🔥🔥', 'inc-12'],
    ['!!!???', 'inc-12'],
    ['', 'inc-12'],
    ['<!channel> ping', 'inc-12-channel-ping'],
    ['数据库宕机', 'inc-12'],
  ])('%j → %s', (title, expected) => {
    expect(channelName(12, title)).toBe(expected);
  });

  test('5,000 characters fit in 80 and end cleanly', () => {
    const name = channelName(123456, 'word '.repeat(1000));
    expect(name.length).toBeLessThanOrEqual(80);
    expect(name).toMatch(/^inc-123456-word(-word)*$/);
  });

  test('suffixes after name_taken keep the limit', () => {
    const long = 'x'.repeat(200);
    expect(channelName(1, long, 1)).toBe(`inc-1-${'x'.repeat(74)}`);
    const second = channelName(1, long, 2);
    expect(second.endsWith('-2')).toBe(true);
    expect(second.length).toBe(80);
    expect(channelName(1, 'db', 3)).toBe('inc-1-db-3');
  });

  test('any title gives a valid name', () => {
    const titles = [
      'ÅÄÖ',
      '\u202Eevil rtl',
      'a_b-c',
      "SQL'; DROP TABLE incidents;--",
      '\u0000\u0001',
      'ّّّ',
      'z'.repeat(5000),
    ];
    for (const t of titles) expect(isValidChannelName(channelName(99, t))).toBe(true);
  });

  test('slugify keeps digits and underscores become dashes', () => {
    expect(slugify('v2_api OUTAGE')).toBe('v2-api-outage');
  });
});
