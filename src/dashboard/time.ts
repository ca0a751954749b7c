const UNITS: readonly [number, string][] = [
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1000, 'second'],
];

/** `at` relative to `now` in words: "3 minutes ago", "in 2 hours", "just now". */
export function humanTime(at: number, now: number): string {
  const delta = at - now;
  const size = Math.abs(delta);
  if (size < 5000) return 'just now';
  for (const [ms, unit] of UNITS) {
    if (size >= ms) {
      const n = Math.floor(size / ms);
      const text = `${n} ${unit}${n === 1 ? '' : 's'}`;
      return delta < 0 ? `${text} ago` : `in ${text}`;
    }
  }
  return 'just now';
}

/** A duration in words: "850 ms", "12 s", "3 min 5 s". */
export function humanDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}
