import {
  benchChannelId,
  checkReminderPosts,
  claimScanLines,
  dueOffsetMs,
  isReminderPost,
  tsToMs,
} from '../../../bench/lib/scheduler-math';

describe('scheduler bench helpers', () => {
  it('gives every seeded incident its own emulator-style channel id, distinct from the emulator’s C0… ids', () => {
    expect(benchChannelId(1)).toBe('CB00000001');
    expect(benchChannelId(10_000)).toBe('CB00010000');
    expect(new Set(Array.from({ length: 1000 }, (_, i) => benchChannelId(i + 1))).size).toBe(1000);
  });

  it('spreads due times evenly over [0, window) with the SQL seed’s integer division', () => {
    expect(dueOffsetMs(1, 10_000, 10_000)).toBe(0);
    expect(dueOffsetMs(2, 10_000, 10_000)).toBe(1);
    expect(dueOffsetMs(10_000, 10_000, 10_000)).toBe(9999);
    // (n - 1) * window / count, truncated: 3 over 10 ms -> 0, 3, 6.
    expect([1, 2, 3].map((n) => dueOffsetMs(n, 3, 10))).toEqual([0, 3, 6]);
  });

  it('reads a Slack ts to the microsecond', () => {
    expect(tsToMs('1893456000.000001')).toBeCloseTo(1893456000000.001, 3);
    expect(tsToMs('1893456000.5')).toBe(1893456000500);
    expect(tsToMs('1893456000')).toBe(1893456000000);
  });

  it('counts losses and duplicates and measures lateness from the first post', () => {
    const posts: Record<number, string[]> = { 1: ['100.500000'], 2: [], 3: ['101.000000', '100.900000'] };
    const r = checkReminderPosts(
      3,
      (n) => posts[n],
      (n) => 100_000 + n * 100,
    );
    expect(r).toEqual({ posted: 2, missing: 1, duplicates: 1, latenessMs: [400, 600] });
  });

  it('counts a reminder never posted as late until the run ended, so a timed-out p99 is a lower bound', () => {
    const posts: Record<number, string[]> = { 1: ['100.500000'], 2: [] };
    expect(
      checkReminderPosts(
        2,
        (n) => posts[n],
        (n) => 100_000 + n * 100,
        105_000,
      ).latenessMs,
    ).toEqual([400, 4800]);
  });

  it('recognises reminder posts by their metadata, whatever the event type is named', () => {
    expect(isReminderPost({ event_type: 'firebreak_reminder', event_payload: { key: 'x' } })).toBe(true);
    expect(isReminderPost({ event_type: 'firebreak_delivery', event_payload: { key: 'fb-reminder-12-1-0' } })).toBe(
      true,
    );
    expect(isReminderPost({ event_type: 'firebreak_delivery', event_payload: { key: 'notice-3' } })).toBe(false);
    expect(isReminderPost(undefined)).toBe(false);
  });

  it('picks the lines of a plan that read reminders', () => {
    const plan = [
      'Update on reminders (actual time=0.02..0.02 rows=0 loops=1)',
      '  ->  Nested Loop',
      '        ->  Index Scan using reminders_due_idx on reminders reminders_1 (actual rows=0 loops=1)',
      '        ->  Index Scan using reminders_pkey on reminders',
    ];
    expect(claimScanLines(plan)).toEqual([
      '->  Index Scan using reminders_due_idx on reminders reminders_1 (actual rows=0 loops=1)',
    ]);
    expect(claimScanLines(['  ->  Seq Scan on reminders reminders_1'])).toEqual([
      '->  Seq Scan on reminders reminders_1',
    ]);
  });
});
