import { InvalidArgumentError } from '../../core/errors.js';
import type { FlowName } from '../context.js';
import { ALL_FLOWS } from '../scope.js';

/** Minutes between runs, per flow (flows not named are not run by auto sync). */
export type FlowIntervals = Partial<Record<FlowName, number>>;

/** Milliseconds per minute. */
const MINUTE_MS = 60_000;

function minutesOf(name: string, minutes: unknown): number {
  if (typeof minutes !== 'number' || !(minutes > 0) || !Number.isFinite(minutes)) {
    throw new InvalidArgumentError(`${name} must be a positive number of minutes, got ${String(minutes)}.`);
  }
  return minutes;
}

/**
 * The interval of every flow auto sync runs, in milliseconds: `intervals` per flow, and
 * `intervalMinutes` for every other flow (all flows when `intervals` is not given).
 * @throws InvalidArgumentError naming the flow or option whose value cannot be used.
 */
export function resolveIntervals(options: {
  intervalMinutes?: number | undefined;
  intervals?: FlowIntervals | undefined;
  defaultMinutes: number;
}): Map<FlowName, number> {
  const result = new Map<FlowName, number>();
  const names = ALL_FLOWS.map((f) => f.name);
  for (const [flow, minutes] of Object.entries(options.intervals ?? {})) {
    if (!(names as string[]).includes(flow)) {
      throw new InvalidArgumentError(`intervals names an unknown flow "${flow}"; use one of: ${names.join(', ')}.`);
    }
    result.set(flow as FlowName, minutesOf(`intervals.${flow}`, minutes) * MINUTE_MS);
  }
  const every =
    options.intervalMinutes !== undefined
      ? minutesOf('intervalMinutes', options.intervalMinutes)
      : options.intervals === undefined
        ? minutesOf('autoSyncIntervalMinutes', options.defaultMinutes)
        : undefined;
  if (every !== undefined) for (const flow of names) if (!result.has(flow)) result.set(flow, every * MINUTE_MS);
  return result;
}
