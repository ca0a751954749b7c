import type { CallOptions } from './api.js';

/**
 * QBO's clock when it answered: the `time` of a response body (`2015-10-01T16:54:59.734-07:00`), or
 * undefined when the body has none or it is not a date-time.
 */
export function serverTimeOf(body: unknown): Date | undefined {
  const time = (body as { time?: unknown } | null)?.time;
  if (typeof time !== 'string' && typeof time !== 'number') return undefined;
  const at = new Date(time);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

/** Hands the `time` of a response body to `options.onServerTime`, when both are there. */
export function noteServerTime(body: unknown, options: Pick<CallOptions, 'onServerTime'>): void {
  if (!options.onServerTime) return;
  const at = serverTimeOf(body);
  if (at) options.onServerTime(at);
}
