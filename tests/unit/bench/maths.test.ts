import {
  bucketFinishMs,
  budgetMs,
  dueCount,
  highestPassingRate,
  judge,
  percentile,
  scheduledOffsetMs,
  slope,
  summarize,
} from '../../../bench/lib/maths';

describe('bench percentiles (nearest rank), the one percentile function', () => {
  const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('picks observed values: p50 of 1..100 is 50, p99 is 99, p100 is the max', () => {
    expect(percentile(oneToHundred, 50)).toBe(50);
    expect(percentile(oneToHundred, 99)).toBe(99);
    expect(percentile(oneToHundred, 100)).toBe(100);
    expect(percentile(oneToHundred, 0)).toBe(1);
  });

  it('rounds the rank up, so a small sample reports its worst values at high percentiles', () => {
    expect(percentile([1, 2, 3, 4, 5], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5], 99)).toBe(5);
    expect(percentile([7], 99)).toBe(7);
  });

  it('is NaN for no samples rather than a made-up 0', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(summarize([]).p99).toBeNaN();
    expect(summarize([]).count).toBe(0);
  });

  it('summarize sorts numerically (not as strings) and reports count, mean and max', () => {
    const s = summarize([10, 9, 100, 2, 1]);
    expect(s).toEqual({ count: 5, p50: 9, p90: 100, p99: 100, max: 100, mean: 24.4 });
  });

  it('leaves failed requests (NaN) out of the latencies instead of sorting them anywhere', () => {
    expect(summarize([3, Number.NaN, 1, 2])).toMatchObject({ count: 3, p50: 2, max: 3 });
  });

  it('one slow request in 1000 does not move p99 but shows as max', () => {
    const values = [...Array.from({ length: 999 }, () => 2), 500];
    const s = summarize(values);
    expect(s.p99).toBe(2);
    expect(s.max).toBe(500);
  });
});

describe('bench open-loop schedule', () => {
  it('puts request i at i / rate, on a fixed grid', () => {
    expect(scheduledOffsetMs(0, 100)).toBe(0);
    expect(scheduledOffsetMs(1, 100)).toBe(10);
    expect(scheduledOffsetMs(250, 100)).toBe(2500);
    expect(scheduledOffsetMs(3, 400)).toBe(7.5);
  });

  it('counts request 0 as due at the start and nothing before it', () => {
    expect(dueCount(-1, 100, 10)).toBe(0);
    expect(dueCount(0, 100, 10)).toBe(1);
    expect(dueCount(9.99, 100, 10)).toBe(1);
    expect(dueCount(10, 100, 10)).toBe(2);
  });

  it('a late wake-up makes every overdue request due at once (the load does not stretch)', () => {
    // Timer fired 35 ms late at 100/s: requests 0..3 are all due now.
    expect(dueCount(35, 100, 1000)).toBe(4);
  });

  it('never exceeds the total and treats an empty run as nothing due', () => {
    expect(dueCount(1e9, 100, 10)).toBe(10);
    expect(dueCount(50, 100, 0)).toBe(0);
  });

  it('is exact on the grid despite float steps (rate 3/s: 333.33… ms)', () => {
    expect(dueCount(scheduledOffsetMs(3, 3), 3, 10)).toBe(4);
    expect(dueCount(scheduledOffsetMs(7, 3), 3, 10)).toBe(8);
  });
});

describe('bench least-squares slope', () => {
  it('recovers the slope of a straight line, whatever its offset', () => {
    expect(slope([0, 1, 2, 3].map((x) => ({ x, y: 100 + 2 * x })))).toBeCloseTo(2, 10);
    expect(slope([0, 1, 2, 3].map((x) => ({ x, y: 50 - 0.5 * x })))).toBeCloseTo(-0.5, 10);
  });

  it('is 0 for a flat series with noise that does not trend', () => {
    expect(slope([10, 12, 12, 10].map((y, i) => ({ x: i, y })))).toBe(0);
    expect(slope([5, 5, 5].map((y, i) => ({ x: i, y })))).toBe(0);
  });

  it('is NaN with fewer than two distinct x: no trend can be read', () => {
    expect(slope([])).toBeNaN();
    expect(slope([{ x: 1, y: 3 }])).toBeNaN();
    expect(
      slope([
        { x: 1, y: 3 },
        { x: 1, y: 5 },
      ]),
    ).toBeNaN();
  });
});

describe('bench rate-limit budgets (token bucket)', () => {
  const tier2 = { burst: 20, perMinute: 20 };

  it('lets the burst through at once', () => {
    expect(budgetMs(0, tier2)).toBe(0);
    expect(budgetMs(20, tier2)).toBe(0);
  });

  it('then one call per refill interval: Tier 2 allows 50 creations in 90 s with a burst of 20', () => {
    expect(budgetMs(21, tier2)).toBe(3000);
    expect(budgetMs(50, tier2)).toBe(90_000);
  });

  it('with every call arriving at once, the bucket simulation agrees with the closed form', () => {
    expect(bucketFinishMs(Array(50).fill(1000), tier2)).toBe(1000 + budgetMs(50, tier2));
  });

  it('calls arriving slower than the refill never wait: the last goes when it arrives', () => {
    const arrivals = Array.from({ length: 50 }, (_, i) => i * 4000);
    expect(bucketFinishMs(arrivals, tier2)).toBe(49 * 4000);
  });

  it('50 creations over 60 s take as long as 50 at once: arrivals faster than the refill change nothing', () => {
    const arrivals = Array.from({ length: 50 }, (_, i) => i * 1200);
    expect(bucketFinishMs(arrivals, tier2)).toBe(budgetMs(50, tier2));
    expect(bucketFinishMs([], tier2)).toBeNaN();
  });

  it('a pause lets the bucket refill, up to its burst', () => {
    // 20 at 0 empty it; by 60 s it holds 20 again, so 20 more go at once.
    expect(bucketFinishMs([...Array(20).fill(0), ...Array(20).fill(60_000)], tier2)).toBe(60_000);
    expect(bucketFinishMs([...Array(20).fill(0), ...Array(21).fill(60_000)], tier2)).toBe(63_000);
  });

  it('scales with the rate: a bucket without burst and 60 a minute takes n seconds', () => {
    expect(budgetMs(10, { burst: 0, perMinute: 60 })).toBe(10_000);
  });
});

describe('bench goal evaluation', () => {
  it('passes and fails on each side of the limit, and says the rule as read', () => {
    expect(judge('rss', 149.994, '<=', 150, 'MB')).toEqual({
      name: 'rss',
      goal: '<= 150 MB',
      value: 149.99,
      unit: 'MB',
      pass: true,
    });
    expect(judge('rss', 150.5, '<=', 150, 'MB').pass).toBe(false);
    expect(judge('p99', 100, '<', 100, 'ms').pass).toBe(false);
    expect(judge('429s', 0, '==', 0, 'answers').pass).toBe(true);
    expect(judge('429s', 1, '==', 0, 'answers').pass).toBe(false);
    expect(judge('rate', 8.3, '>=', 8.3, '/s').pass).toBe(true);
  });

  it('never passes a goal nothing was measured for', () => {
    expect(judge('p99', Number.NaN, '<', 100, 'ms').pass).toBe(false);
    expect(judge('count', Number.NaN, '==', 0, 'x').pass).toBe(false);
  });
});

describe('bench step-up search', () => {
  it('reports the highest rate below the p99 limit with no failures', () => {
    const steps = [
      { rate: 100, p99: 20, failures: 0 },
      { rate: 200, p99: 60, failures: 0 },
      { rate: 400, p99: 140, failures: 0 },
    ];
    expect(highestPassingRate(steps, 100)).toBe(200);
  });

  it('stops at the first failing rate: a lucky pass above it is not capacity', () => {
    const steps = [
      { rate: 400, p99: 90, failures: 0 },
      { rate: 100, p99: 20, failures: 0 },
      { rate: 200, p99: 30, failures: 3 },
    ];
    expect(highestPassingRate(steps, 100)).toBe(100);
  });

  it('is 0 when even the lowest rate misses', () => {
    expect(highestPassingRate([{ rate: 100, p99: 150, failures: 0 }], 100)).toBe(0);
  });
});
