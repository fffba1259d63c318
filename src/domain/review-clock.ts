import { escapeInline } from './markdown';

/**
 * The review document's clocks: UTC first, the commander's zone beside it. Pure
 * (no default locale, no Date.now()), so the same instants always read the same.
 */

/** What a missing or invalid time reads as. */
export const MISSING = '—';

/** One instant as the document's clocks read it: UTC, plus the commander's zone when it is not UTC. */
interface ClockReading {
  utcDate: string;
  utcTime: string;
  local: { date: string; time: string } | null;
}

/**
 * `2026-03-04 10:15 UTC`, plus the commander's local time when their zone is not
 * UTC: `2026-03-04 10:15 UTC (11:15 Europe/London)`, with the local date when it
 * differs.
 */
export function timeFormatter(tz: string | null): (d: Date) => string {
  const { read, label } = clockReader(tz);
  return (date) => {
    const r = read(date);
    if (!r) return MISSING;
    const local = r.local ? ` (${r.local.date === r.utcDate ? '' : `${r.local.date} `}${r.local.time} ${label})` : '';
    return `${r.utcDate} ${r.utcTime} UTC${local}`;
  };
}

/**
 * For the timeline's lines, read in order: a date is written only when it changes,
 * so each day's first line carries it and the rest show the time alone
 * (`2026-03-04 10:15 UTC`, then `10:40 UTC`). A new UTC date implies the same
 * local date unless one is written, as in `timeFormatter`; within a day the local
 * date is written again only when it turns over (`(2026-03-05 00:10 Asia/Kolkata)`).
 */
export function timelineFormatter(tz: string | null): (d: Date) => string {
  const { read, label } = clockReader(tz);
  let utcDay: string | null = null;
  let localDay: string | null = null;
  return (moment) => {
    const r = read(moment);
    if (!r) return MISSING;
    let text = `${r.utcTime} UTC`;
    if (r.utcDate !== utcDay) {
      utcDay = localDay = r.utcDate;
      text = `${r.utcDate} ${text}`;
    }
    if (r.local) {
      const date = r.local.date === localDay ? '' : `${r.local.date} `;
      localDay = r.local.date;
      text += ` (${date}${r.local.time} ${label})`;
    }
    return text;
  };
}

const UTC_NAMES = new Set(['UTC']);
const QUARTER_HOUR = 15 * 60_000;

/**
 * The zone's offset comes from one Intl formatter (en-GB, h23, read as parts, so
 * no locale punctuation leaks in) and is cached per quarter hour: zones change
 * offset only on quarter-hour boundaries, so 10,000 entries cost a few Intl
 * calls, not 10,000. Readings are cached per minute.
 */
function clockReader(tz: string | null): { read: (d: Date) => ClockReading | null; label: string } {
  let local: Intl.DateTimeFormat | null = null;
  if (tz) {
    try {
      local = new Intl.DateTimeFormat('en-GB', {
        timeZone: tz,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
      // `Etc/UTC`, `GMT`, `Zulu`… all resolve to `UTC`: no second clock for them.
      if (UTC_NAMES.has(local.resolvedOptions().timeZone)) local = null;
    } catch {
      local = null; // an unknown zone name: UTC only
    }
  }
  const offsets = new Map<number, number>();
  const offsetAt = (ms: number): number => {
    const quarter = Math.floor(ms / QUARTER_HOUR);
    let offset = offsets.get(quarter);
    if (offset === undefined && local) {
      const start = quarter * QUARTER_HOUR;
      const p: Record<string, string> = {};
      for (const part of local.formatToParts(new Date(start))) p[part.type] = part.value;
      offset = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute)) - start;
      offsets.set(quarter, offset);
    }
    return offset ?? 0;
  };
  const cache = new Map<number, ClockReading>();
  const read = (date: Date): ClockReading | null => {
    const ms = date.getTime();
    if (Number.isNaN(ms)) return null;
    const minute = Math.floor(ms / 60_000);
    let r = cache.get(minute);
    if (r !== undefined) return r;
    const iso = date.toISOString();
    let localReading: ClockReading['local'] = null;
    if (local) {
      const localIso = new Date(minute * 60_000 + offsetAt(ms)).toISOString();
      localReading = { date: localIso.slice(0, 10), time: localIso.slice(11, 16) };
    }
    r = { utcDate: iso.slice(0, 10), utcTime: iso.slice(11, 16), local: localReading };
    cache.set(minute, r);
    return r;
  };
  return { read, label: escapeInline(tz ?? '') };
}
