const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Parses `45s`, `30m`, `4h`, `2d` (a whole number and one unit) into milliseconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(-?\d+)\s*([smhd])\s*$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

/** `1h 5m`, `2d 3h`, `45s`; the two largest units are enough for a human. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return '0s';
  const parts: string[] = [];
  let rest = Math.floor(ms / 1000);
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n}${unit}`);
  }
  return parts.slice(0, 2).join(' ');
}
