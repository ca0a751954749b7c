/**
 * QBO's time formats: `MetaData` times are whole seconds with the company's UTC offset
 * (`2020-09-29T05:58:16-07:00`); the `time` of a response adds milliseconds.
 */

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function offsetSuffix(offsetMinutes: number, colon: boolean): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}${colon ? ':' : ''}${pad(abs % 60)}`;
}

/** The wall-clock fields of `ms` shifted by `offsetMinutes`. */
function shifted(ms: number, offsetMinutes: number): Date {
  return new Date(ms + offsetMinutes * 60_000);
}

/** `YYYY-MM-DD` of `ms` in the company's time zone. */
export function formatQboDate(ms: number, offsetMinutes: number): string {
  const d = shifted(ms, offsetMinutes);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** A `MetaData` timestamp: whole seconds with offset. */
export function formatQboDateTime(ms: number, offsetMinutes: number): string {
  const d = shifted(ms, offsetMinutes);
  return `${formatQboDate(ms, offsetMinutes)}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${offsetSuffix(offsetMinutes, true)}`;
}

/** The `time` of a response: milliseconds with offset. */
export function formatQboResponseTime(ms: number, offsetMinutes: number): string {
  const base = formatQboDateTime(ms, offsetMinutes);
  const cut = base.length - 6;
  return `${base.slice(0, cut)}.${pad(((ms % 1000) + 1000) % 1000, 3)}${base.slice(cut)}`;
}

/** A webhook's legacy `lastUpdated` (offset without colon, as in Intuit's samples). */
export function formatWebhookTime(ms: number, offsetMinutes: number): string {
  const base = formatQboDateTime(ms, offsetMinutes);
  return `${base.slice(0, -6)}${offsetSuffix(offsetMinutes, false)}`;
}

/** Milliseconds of a QBO date or date-time literal, or `undefined` when it is not one. */
export function parseQboTime(text: string): number | undefined {
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  return Number.isNaN(ms) ? undefined : ms;
}
