import type { WeekFigures } from '../../../../../src/domain/process-adherence';
import { GLYPH_HEIGHT, GLYPH_WIDTH } from '../../../../../src/features/stats/chart/font';
import { Raster } from '../../../../../src/features/stats/chart/raster';
import {
  BARS,
  barX,
  chartWeeks,
  MAX_WEEKS,
  RESOLVE_COLOUR,
  renderStatsChart,
  SEVERITY_COLOURS,
} from '../../../../../src/features/stats/chart/stats-chart';
import { decodePng } from '../../../../support/png';

const NOW = new Date('2026-03-31T12:00:00Z'); // a Tuesday; its week starts Monday 2026-03-30
const HOUR = 3_600_000;
const week = (
  w: string,
  counts: Partial<WeekFigures['bySeverity']>,
  resolveMedian: number | null = null,
): WeekFigures => ({
  week: w,
  bySeverity: { SEV1: 0, SEV2: 0, SEV3: 0, SEV4: 0, none: 0, ...counts },
  resolveMedian,
});
const barRows = [BARS.top, BARS.top + BARS.height] as const;

test('chartWeeks fills the period with empty weeks, up to the current one', () => {
  const weeks = chartWeeks([week('2026-03-09', { SEV1: 1 })], '30d', NOW);
  expect(weeks.map((w) => w.week)).toEqual([
    '2026-02-23',
    '2026-03-02',
    '2026-03-09',
    '2026-03-16',
    '2026-03-23',
    '2026-03-30',
  ]);
  expect(weeks[2].bySeverity.SEV1).toBe(1);
  expect(weeks[0].bySeverity.SEV1).toBe(0);
});

test('chartWeeks for all starts at the first incident, and keeps at most the last 52 weeks', () => {
  expect(chartWeeks([week('2026-03-16', { SEV2: 1 })], 'all', NOW).map((w) => w.week)).toEqual([
    '2026-03-16',
    '2026-03-23',
    '2026-03-30',
  ]);
  const long = chartWeeks([week('2020-01-06', { SEV2: 1 })], 'all', NOW);
  expect(long).toHaveLength(MAX_WEEKS);
  expect(long[long.length - 1].week).toBe('2026-03-30');
});

test('bars are stacked by severity, their heights in proportion to the counts', () => {
  // The busiest week has 4 incidents, so each one is a quarter of the bars' height.
  const weeks = chartWeeks(
    [week('2026-03-23', { SEV1: 1, SEV2: 3 }), week('2026-03-30', { SEV1: 2, SEV4: 1 })],
    '7d',
    NOW,
  );
  const png = decodePng(renderStatsChart(weeks).png);
  const unit = (BARS.height / 4) * BARS.width;
  expect(png.count(SEVERITY_COLOURS.SEV1, ...barRows)).toBe(3 * unit);
  expect(png.count(SEVERITY_COLOURS.SEV2, ...barRows)).toBe(3 * unit);
  expect(png.count(SEVERITY_COLOURS.SEV3, ...barRows)).toBe(0);
  expect(png.count(SEVERITY_COLOURS.SEV4, ...barRows)).toBe(unit);
  // SEV1 at the bottom of the second bar, SEV4 above it.
  expect(png.pixel(barX(1), BARS.top + BARS.height - 1)).toEqual(SEVERITY_COLOURS.SEV1);
  expect(png.pixel(barX(1), BARS.top + BARS.height / 4)).toEqual(SEVERITY_COLOURS.SEV4);
  expect(png.pixel(barX(1), BARS.top + 2)).not.toEqual(SEVERITY_COLOURS.SEV4);
});

test('the resolve line is drawn only where a week has a median', () => {
  const none = decodePng(renderStatsChart(chartWeeks([week('2026-03-30', { SEV3: 1 })], '7d', NOW)).png);
  expect(none.count(RESOLVE_COLOUR)).toBe(0);
  const some = decodePng(
    renderStatsChart(
      chartWeeks([week('2026-03-23', { SEV3: 1 }, 2 * HOUR), week('2026-03-30', { SEV3: 1 }, HOUR)], '7d', NOW),
    ).png,
  );
  expect(some.count(RESOLVE_COLOUR)).toBeGreaterThan(20);
});

test('time to resolve is one line through every week with a median, across weeks nobody resolved', () => {
  const weeks = chartWeeks(
    [
      week('2026-03-16', { SEV3: 1 }, 2 * HOUR),
      week('2026-03-23', { SEV3: 1 }),
      week('2026-03-30', { SEV3: 1 }, 2 * HOUR),
    ],
    '30d',
    NOW,
  );
  const png = decodePng(renderStatsChart(weeks).png);
  const first = weeks.findIndex((w) => w.week === '2026-03-16');
  // Halfway between the two medians, over the week with none, the line passes: not two lone dots.
  const between = barX(first + 1) + BARS.width / 2;
  const column = Array.from({ length: png.height }, (_, y) => png.pixel(between, y));
  expect(column.some((c) => c.join() === RESOLVE_COLOUR.join())).toBe(true);
});

test('the chart is drawn at 2× with text 20 pixels tall: sharp and readable once Slack scales it', () => {
  const chart = renderStatsChart(chartWeeks([week('2026-03-30', { SEV2: 1 }, HOUR)], '7d', NOW));
  const png = decodePng(chart.png);
  expect([png.width, png.height]).toEqual([chart.width, chart.height]);
  expect(png.width).toBeGreaterThanOrEqual(720);
  // The title's rows: the first rows holding ink, from the top, until a blank row.
  const ink = [0x33, 0x33, 0x33].join();
  const inked = (y: number) => Array.from({ length: png.width }, (_, x) => png.pixel(x, y).join()).includes(ink);
  const first = Array.from({ length: png.height }, (_, y) => y).find(inked)!;
  let rows = 0;
  while (inked(first + rows)) rows++;
  expect(rows).toBe(5 * 4);
});

test('the chart is wide enough for a year of weeks', () => {
  const { width } = renderStatsChart(chartWeeks([week('2020-01-06', { SEV2: 1 })], 'all', NOW));
  expect(width).toBeGreaterThanOrEqual(barX(MAX_WEEKS));
});

test('text draws each glyph in its cell; unknown characters as a block', () => {
  const r = new Raster(20, 10, [255, 255, 255]);
  const drawn = r.text(0, 0, '1?', [0, 0, 0], 1);
  expect(drawn).toBe(2 * (GLYPH_WIDTH + 1));
  // '1' has its top row 010, and '?' is unknown: a full 3×5 block.
  expect(r.get(0, 0)).toEqual([255, 255, 255]);
  expect(r.get(1, 0)).toEqual([0, 0, 0]);
  for (let y = 0; y < GLYPH_HEIGHT; y++) for (let x = 4; x < 7; x++) expect(r.get(x, y)).toEqual([0, 0, 0]);
});
