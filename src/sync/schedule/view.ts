import type { FlowName } from '../context.js';
import { ALL_FLOWS } from '../scope.js';
import type { FlowHistory } from './history.js';
import type { FlowSchedule } from './types.js';

const iso = (at: number | undefined): string | null => (at === undefined ? null : new Date(at).toISOString());

/**
 * Every flow's schedule, in dependency order: its stored history, the interval and next due instant
 * auto sync gives it, and whether a run with it is in progress.
 */
export function scheduleView(
  history: ReadonlyMap<FlowName, FlowHistory>,
  timer: { intervals: ReadonlyMap<FlowName, number>; due: ReadonlyMap<FlowName, number> },
  running: ReadonlySet<FlowName>,
): FlowSchedule[] {
  return ALL_FLOWS.map(({ name }) => {
    const h = history.get(name);
    return {
      flow: name,
      intervalMs: timer.intervals.get(name) ?? null,
      lastRunAt: iso(h?.lastRunAt),
      lastResult: h?.lastResult ?? null,
      lastCompletedAt: iso(h?.lastCompletedAt),
      nextDueAt: iso(timer.due.get(name)),
      running: running.has(name),
    };
  });
}
