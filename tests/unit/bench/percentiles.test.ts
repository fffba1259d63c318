import { dueCount, percentile, scheduledOffsetMs, summarize } from '../../../bench/load';

describe('bench percentiles (nearest rank)', () => {
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
