import {
  DUPLICATE_WINDOW_MS,
  matchScore,
  similarIncidents,
  TITLE_MATCH_THRESHOLD,
  titleSimilarity,
  titleWords,
} from '../../../src/domain/similar-incidents';

const matches = (a: string, b: string) => titleSimilarity(a, b) >= TITLE_MATCH_THRESHOLD;

describe('similar titles', () => {
  test.each([
    ['Checkout 500s', 'checkout returning 500s', true],
    ['Checkout 500s', 'Login slow', false],
    ['Checkout 500s', 'CHECKOUT 500S!!!', true],
    ['Checkout: 500s', 'checkout -- 500s?', true],
    ['Payments API is down', 'payments api down', true],
    ['High API latency', 'API latency high', true],
    ['Database errors', 'database error', true],
    ['Café outage', 'cafe outage', true],
    ['Checkout failing', 'Checkout slow', false],
    ['Search is down', 'Checkout is down', false],
    ['Payroll export leaked', 'Ledger export leaked', false],
    ['Checkout failing', 'Checkout is failing again', true],
    ['The issue', 'an issue', false],
    ['🔥🔥🔥', '🔥🔥🔥', false],
    ['Сбой оплаты', 'сбой оплаты!', true],
  ])('%j vs %j → %s', (a, b, expected) => {
    expect(matches(a, b)).toBe(expected);
    expect(matches(b, a)).toBe(expected);
  });

  test('case, accents, punctuation, stop words and a plural s are not words of their own', () => {
    expect([...titleWords('The Checkout is returning 500s, again!')]).toEqual(['checkout', 'returning', '500']);
    expect([...titleWords('Access denied')]).toEqual(['access', 'denied']);
  });
});

describe('a declaration against open incidents', () => {
  const now = new Date('2026-11-26T09:30:00Z');
  const incident = (
    title: string,
    extra: { category?: string | null; isDrill?: boolean; minutesAgo?: number } = {},
  ) => ({
    title,
    category: extra.category ?? null,
    isDrill: extra.isDrill ?? false,
    declaredAt: new Date(now.getTime() - (extra.minutesAgo ?? 3) * 60_000),
  });
  const real = { title: 'Checkout 500s', category: null, drill: false };

  test.each([
    ['both categories set and equal', 'Availability', 'Availability', true],
    ['both set and different', 'Availability', 'Security', false],
    ['only the declaration has one', 'Availability', null, true],
    ['only the incident has one', null, 'Availability', true],
    ['neither has one', null, null, true],
  ])('category: %s', (_name, declaring, existing, expected) => {
    const score = matchScore({ ...real, category: declaring }, incident('Checkout 500s', { category: existing }));
    expect(score >= TITLE_MATCH_THRESHOLD).toBe(expected);
  });

  test('drills match drills only, real incidents real ones only', () => {
    expect(matchScore(real, incident('Checkout 500s', { isDrill: true }))).toBe(0);
    expect(matchScore({ ...real, drill: true }, incident('Checkout 500s'))).toBe(0);
    expect(matchScore({ ...real, drill: true }, incident('Checkout 500s', { isDrill: true }))).toBe(1);
  });

  test('the window is 30 minutes, the best match comes first and, between equals, the newest', () => {
    const exactOld = incident('Checkout 500s', { minutesAgo: 20 });
    const exactNew = incident('checkout 500s', { minutesAgo: 2 });
    const close = incident('checkout returning 500s', { minutesAgo: 1 });
    const edge = incident('Checkout 500s', { minutesAgo: DUPLICATE_WINDOW_MS / 60_000 });
    const tooOld = incident('Checkout 500s', { minutesAgo: 31 });
    const other = incident('Login slow', { minutesAgo: 1 });
    expect(similarIncidents(real, [close, tooOld, exactOld, other, exactNew, edge], now)).toEqual([
      exactNew,
      exactOld,
      edge,
      close,
    ]);
  });
});
