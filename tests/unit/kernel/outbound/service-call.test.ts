// How another service's HTTP answer reads for the outbox: what is retried, what is looked for first, what is given up.
import { failureOfStatus, retryAfterMsOf } from '../../../../src/kernel/outbound/service-call';

test.each([
  [429, '7', { transient: true, code: 'http_429', untouched: true, retryAfterMs: 7000 }],
  [429, null, { transient: true, code: 'http_429', untouched: true }],
  [420, '1', { transient: true, code: 'http_420', untouched: true, retryAfterMs: 1000 }],
  [500, null, { transient: true, code: 'http_500' }],
  [503, '30', { transient: true, code: 'http_503' }],
  [408, null, { transient: true, code: 'http_408' }],
  [400, null, { transient: false, code: 'http_400' }],
  [401, null, { transient: false, code: 'http_401' }],
  [404, null, { transient: false, code: 'http_404' }],
  [410, null, { transient: false, code: 'http_410' }],
])('HTTP %i (Retry-After %s)', (status, retryAfter, failure) => {
  expect(failureOfStatus(status, retryAfter)).toEqual(failure);
});

test('Retry-After as seconds, as an HTTP date, or unreadable', () => {
  const now = Date.parse('2026-12-07T10:00:00Z');
  expect(retryAfterMsOf(' 12 ', now)).toBe(12_000);
  expect(retryAfterMsOf('Mon, 07 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
  expect(retryAfterMsOf('Mon, 07 Dec 2026 09:00:00 GMT', now)).toBe(0);
  expect(retryAfterMsOf('soon', now)).toBeUndefined();
  expect(retryAfterMsOf(null, now)).toBeUndefined();
});
