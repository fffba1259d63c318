/**
 * The pure parts of the scheduler bench (tests/unit/bench/scheduler.test.ts):
 * where seeded incident n lives, when its update nudge is due, and what the
 * emulator's messages say about lateness, losses and duplicates.
 */

/** Emulator channel (and incidents.channel_id) of seeded incident n; 'CB…' never collides with the emulator's own 'C0…' ids. */
export function benchChannelId(n: number): string {
  return `CB${String(n).padStart(8, '0')}`;
}

/**
 * When seeded incident n (1-based) of `count` is due, in whole ms after the
 * window opens: spread evenly over [0, windowMs). Integer division, so the SQL
 * seed (`(n - 1)::bigint * window / count`) computes the same value.
 */
export function dueOffsetMs(n: number, count: number, windowMs: number): number {
  return Math.floor(((n - 1) * windowMs) / count);
}

/** Slack ts ('ssssssssss.uuuuuu') → epoch ms, keeping the microseconds. */
export function tsToMs(ts: string): number {
  const [s, us = '0'] = ts.split('.');
  return Number(s) * 1000 + Number(us.padEnd(6, '0')) / 1000;
}

export interface ReminderPostCheck {
  /** Incidents whose reminder was posted at least once. */
  posted: number;
  /** Posts beyond the first per incident (must be 0). */
  duplicates: number;
  /** Incidents without any post (must be 0). */
  missing: number;
  /**
   * First post time minus due time, ms, one per posted incident; with `endMs`,
   * also one per missing incident, counted as posted at `endMs` (a lower bound).
   */
  latenessMs: number[];
}

/**
 * `postsOf(n)` = the ts of every reminder post in incident n's channel.
 * `dueMs(n)` = when it was due, on the same clock as the ts. `endMs` = when the
 * run gave up: unposted reminders were at least that late.
 */
export function checkReminderPosts(
  count: number,
  postsOf: (n: number) => string[],
  dueMs: (n: number) => number,
  endMs?: number,
): ReminderPostCheck {
  const out: ReminderPostCheck = { posted: 0, duplicates: 0, missing: 0, latenessMs: [] };
  for (let n = 1; n <= count; n++) {
    const ts = postsOf(n);
    if (ts.length === 0) {
      out.missing++;
      if (endMs !== undefined) out.latenessMs.push(Math.max(0, endMs - dueMs(n)));
      continue;
    }
    out.posted++;
    out.duplicates += ts.length - 1;
    out.latenessMs.push(Math.min(...ts.map(tsToMs)) - dueMs(n));
  }
  return out;
}

/** The lines of an EXPLAIN that say how `reminders` is read for the claim (its due index or a seq scan). */
export function claimScanLines(plan: string[]): string[] {
  return plan.map((l) => l.trim()).filter((l) => /reminders_due_idx|Seq Scan on reminders/.test(l));
}

/**
 * A post made for a reminder firing. Reminders leave through the outbox, whose
 * posts carry 'fb-notice-<id>-<step>' as Slack message metadata (the bench's
 * incident channels are owed nothing else); builds before that carried the
 * firing's own key ('fb-reminder-<id>-<n>[-<target>]'), whatever the metadata's
 * event_type was called.
 */
export function isReminderPost(
  metadata: { event_type: string; event_payload: Record<string, unknown> } | undefined,
): boolean {
  if (!metadata) return false;
  const key = metadata.event_payload?.key;
  return (
    metadata.event_type === 'firebreak_reminder' ||
    (typeof key === 'string' && (key.startsWith('fb-reminder-') || key.startsWith('fb-notice-')))
  );
}
