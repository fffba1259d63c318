import { formatDuration } from '../../../domain/duration';
import { type WeekFigures, weekOf } from '../../../domain/process-adherence';
import { SEVERITIES, type Severity } from '../../../domain/severity';
import { periodStart, type StatsPeriod } from '../../../domain/stats';
import { encodePng } from './png';
import { type Rgb, textWidth, Zoomed } from './raster';

/**
 * The `/incident stats` chart: incidents per week stacked by severity, and below
 * it the week's median time to resolve as a line. Data in, PNG bytes out; no
 * browser, no canvas library. Laid out in logical pixels and drawn at ZOOM times
 * that: the 3×5 font at 2× logical is 20 pixels tall, readable once Slack scales
 * the image to its column.
 */

export const SEVERITY_COLOURS: Record<Severity | 'none', Rgb> = {
  SEV1: [0xd3, 0x2f, 0x2f],
  SEV2: [0xf5, 0x7c, 0x00],
  SEV3: [0xfb, 0xc0, 0x2d],
  SEV4: [0x19, 0x76, 0xd2],
  none: [0x9e, 0x9e, 0x9e],
};
const BACKGROUND: Rgb = [0xff, 0xff, 0xff];
const INK: Rgb = [0x33, 0x33, 0x33];
const AXIS: Rgb = [0xcc, 0xcc, 0xcc];
export const RESOLVE_COLOUR: Rgb = [0x6a, 0x1b, 0x9a];

export const MAX_WEEKS = 52;
const DAY = 86_400_000;
const WEEK = 7 * DAY;

/** Device pixels per logical pixel. */
export const ZOOM = 2;
const BAR_WIDTH = 10;
const BAR_GAP = 4;
const LEFT = 12;
const RIGHT = 12;
const MIN_WIDTH = 360;
const BARS_TOP = 36;
const BARS_HEIGHT = 100;
/** Where the bars stand, in the PNG's pixels: rows [top, top + height) hold nothing but bars, each `width` wide. */
export const BARS = { top: BARS_TOP * ZOOM, height: BARS_HEIGHT * ZOOM, width: BAR_WIDTH * ZOOM } as const;
const LINE_HEIGHT = 50;

const addWeeks = (week: string, weeks: number) =>
  new Date(Date.parse(`${week}T00:00:00Z`) + weeks * WEEK).toISOString().slice(0, 10);

/**
 * Every week from the period's first to the current one, empty ones included, at
 * most the last MAX_WEEKS; for `all`, from the first week with an incident.
 */
export function chartWeeks(weeks: readonly WeekFigures[], period: StatsPeriod, now: Date): WeekFigures[] {
  const last = weekOf(now);
  const start = periodStart(period, now);
  let first = start ? weekOf(start) : (weeks[0]?.week ?? last);
  const earliest = addWeeks(last, -(MAX_WEEKS - 1));
  if (first < earliest) first = earliest;
  const byWeek = new Map(weeks.map((w) => [w.week, w]));
  const out: WeekFigures[] = [];
  for (let w = first; w <= last; w = addWeeks(w, 1)) {
    out.push(
      byWeek.get(w) ?? {
        week: w,
        bySeverity: Object.fromEntries([...SEVERITIES, 'none'].map((k) => [k, 0])) as WeekFigures['bySeverity'],
        resolveMedian: null,
      },
    );
  }
  return out;
}

const STACK = [...SEVERITIES, 'none'] as const;
const total = (w: WeekFigures) => STACK.reduce((n, k) => n + w.bySeverity[k], 0);
const barLeft = (k: number) => LEFT + k * (BAR_WIDTH + BAR_GAP);
/** The left edge of week `k`'s bar, in the PNG's pixels. */
export const barX = (k: number) => barLeft(k) * ZOOM;

/** Draws the weeks (already filled in by chartWeeks) and encodes them as PNG. */
export function renderStatsChart(weeks: readonly WeekFigures[]): { png: Buffer; width: number; height: number } {
  const width = Math.max(MIN_WIDTH, LEFT + weeks.length * (BAR_WIDTH + BAR_GAP) + RIGHT);
  const barsBottom = BARS_TOP + BARS_HEIGHT;
  const lineTop = barsBottom + 34;
  const lineBottom = lineTop + LINE_HEIGHT;
  const height = lineBottom + 18;
  const r = new Zoomed(width, height, BACKGROUND, ZOOM);

  const maxTotal = Math.max(1, ...weeks.map(total));
  r.text(LEFT, 4, `INCIDENTS PER WEEK (MAX ${maxTotal})`, INK);
  let x = LEFT;
  for (const k of STACK) {
    if (k === 'none' && !weeks.some((w) => w.bySeverity.none)) continue;
    r.rect(x, 20, 8, 8, SEVERITY_COLOURS[k]);
    x += 10 + r.text(x + 10, 19, k === 'none' ? 'NONE' : k, INK) + 6;
  }

  // Stacked from SEV1 at the bottom; each boundary is rounded once, so a bar's total height is exact.
  const scale = BARS_HEIGHT / maxTotal;
  weeks.forEach((week, index) => {
    let below = 0;
    for (const k of STACK) {
      const bottom = barsBottom - Math.round(below * scale);
      below += week.bySeverity[k];
      const top = barsBottom - Math.round(below * scale);
      r.rect(barLeft(index), top, BAR_WIDTH, bottom - top, SEVERITY_COLOURS[k]);
    }
  });
  r.rect(LEFT, barsBottom, width - LEFT - RIGHT, 1, AXIS);
  if (weeks.length) {
    r.text(LEFT, barsBottom + 4, weeks[0].week, INK);
    const lastLabel = weeks[weeks.length - 1].week;
    if (weeks.length > 1) r.text(width - RIGHT - textWidth(lastLabel), barsBottom + 4, lastLabel, INK);
  }

  const medians = weeks.map((w) => w.resolveMedian);
  const maxMedian = Math.max(0, ...medians.filter((m): m is number => m !== null));
  r.text(LEFT, lineTop - 14, `MEDIAN TIME TO RESOLVE (MAX ${maxMedian ? formatDuration(maxMedian) : '-'})`, INK);
  r.rect(LEFT, lineBottom, width - LEFT - RIGHT, 1, AXIS);
  const point = (week: number, median: number) =>
    [
      barLeft(week) + BAR_WIDTH / 2 - 1,
      lineBottom - 2 - Math.round((median / (maxMedian || 1)) * (LINE_HEIGHT - 4)),
    ] as const;
  // One line through every week that has a median: a week nobody resolved is passed
  // over, not a break, or sparse weeks would show as lone dots with no trend.
  let previous: readonly [number, number] | null = null;
  medians.forEach((median, week) => {
    if (median === null) return;
    const [px, py] = point(week, median);
    if (previous) r.line(previous[0], previous[1], px, py, RESOLVE_COLOUR, 2);
    r.rect(px - 1, py - 1, 4, 4, RESOLVE_COLOUR);
    previous = [px, py];
  });
  const { raster } = r;
  return { png: encodePng(raster.width, raster.height, raster.pixels), width: raster.width, height: raster.height };
}
