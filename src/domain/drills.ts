import type { DrillSchedule } from './policy';

export const DRILL_REMINDER_EVERY = 7 * 24 * 60 * 60_000;

/** When a plan should next be drilled: `every` after its last drill, or after Firebreak first saw the schedule. */
export const drillDue = (schedule: DrillSchedule, lastDrill: Date | null, firstSeen: Date): Date =>
  new Date((lastDrill ?? firstSeen).getTime() + schedule.every);

/**
 * The reminder period `now` falls in: the due time itself, then each 7 days after
 * it while still overdue. Null before the plan is due. A period is reminded once.
 */
export function reminderSlot(due: Date, now: Date): Date | null {
  const late = now.getTime() - due.getTime();
  if (late < 0) return null;
  return new Date(due.getTime() + Math.floor(late / DRILL_REMINDER_EVERY) * DRILL_REMINDER_EVERY);
}

/** Whether `slot` still needs its reminder, given the last period reminded. */
export const slotOwed = (slot: Date | null, reminded: Date | null): slot is Date =>
  !!slot && (!reminded || reminded.getTime() < slot.getTime());
