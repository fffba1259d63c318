// How GitHub's refusals read for the outbox: its rate limits answer 403 (or 429) and say how long to wait in three
// ways (docs.github.com, "Rate limits for the REST API"); any other 403 is the request's fault.
import { gitHubFailure } from '../../../../src/features/tickets/github.tracker';

const NOW = Date.parse('2026-12-08T02:00:00Z');
const read = (status: number, headers: Record<string, string>, body = '') =>
  gitHubFailure(status, new Headers(headers), body, NOW);

test.each([
  ['403 with retry-after', 403, { 'retry-after': '30' }, '', 30_000],
  ['429 with retry-after', 429, { 'retry-after': '7' }, '', 7000],
  [
    '403 with the hour spent',
    403,
    { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 90) },
    '',
    90_000,
  ],
  [
    '403 spent, its reset already past',
    403,
    { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 - 5) },
    '',
    0,
  ],
  ['403 spent, no reset given', 403, { 'x-ratelimit-remaining': '0' }, '', 60_000],
  [
    '403 naming a secondary rate limit only in its body',
    403,
    {},
    '{"message":"You have exceeded a secondary rate limit."}',
    60_000,
  ],
])('%s waits, untouched', (_name, status, headers, body, wait) => {
  expect(read(status, headers, body)).toEqual({
    transient: true,
    code: `http_${status}`,
    untouched: true,
    retryAfterMs: wait,
  });
});

test('retry-after wins over the reset', () => {
  expect(
    read(403, { 'retry-after': '3', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 900) }),
  ).toMatchObject({ retryAfterMs: 3000 });
});

test('a 403 for want of permission, a 429 saying nothing and any other status: the usual reading', () => {
  expect(
    read(403, { 'x-ratelimit-remaining': '4999' }, '{"message":"Resource not accessible by integration"}'),
  ).toBeUndefined();
  expect(read(429, {})).toBeUndefined();
  expect(read(404, { 'retry-after': '3' })).toBeUndefined();
  expect(read(500, { 'x-ratelimit-remaining': '0' })).toBeUndefined();
});
