import { DRILL_REMINDER_EVERY, drillDue, reminderSlot, slotOwed } from '../../../src/domain/drills';

const DAY = 24 * 60 * 60_000;
const t = (iso: string) => new Date(iso);
const schedule = { plan: 'p', every: 90 * DAY };

describe('drillDue', () => {
  test('every after the last drill', () => {
    expect(drillDue(schedule, t('2026-01-01T00:00:00Z'), t('2025-01-01T00:00:00Z'))).toEqual(t('2026-04-01T00:00:00Z'));
  });
  test('a plan never drilled is due every after Firebreak first saw the schedule', () => {
    expect(drillDue(schedule, null, t('2026-01-01T00:00:00Z'))).toEqual(t('2026-04-01T00:00:00Z'));
  });
});

describe('reminderSlot', () => {
  const due = t('2026-04-01T00:00:00Z');
  test.each([
    ['before due', '2026-03-31T23:59:59Z', null],
    ['exactly due', '2026-04-01T00:00:00Z', '2026-04-01T00:00:00Z'],
    ['six days late', '2026-04-07T23:00:00Z', '2026-04-01T00:00:00Z'],
    ['seven days late', '2026-04-08T00:00:00Z', '2026-04-08T00:00:00Z'],
    ['a month late', '2026-05-01T00:00:00Z', '2026-04-29T00:00:00Z'],
  ])('%s', (_name, now, expected) => {
    expect(reminderSlot(due, t(now))).toEqual(expected ? t(expected) : null);
  });
  test('slots are a week apart', () => expect(DRILL_REMINDER_EVERY).toBe(7 * DAY));
});

describe('slotOwed', () => {
  const slot = t('2026-04-08T00:00:00Z');
  test('owed when never reminded or reminded for an earlier period only', () => {
    expect(slotOwed(slot, null)).toBe(true);
    expect(slotOwed(slot, t('2026-04-01T00:00:00Z'))).toBe(true);
  });
  test('not owed twice for the same period, nor before due', () => {
    expect(slotOwed(slot, slot)).toBe(false);
    expect(slotOwed(null, null)).toBe(false);
  });
  test('a new drill moves the due date: its first slot may be earlier than one already reminded', () => {
    // Reminded for 2026-04-08, drilled, due again 2026-07-06: that slot is later, so it is owed.
    expect(slotOwed(t('2026-07-06T00:00:00Z'), slot)).toBe(true);
  });
});
