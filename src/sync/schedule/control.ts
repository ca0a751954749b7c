import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { FlowName } from '../context.js';
import { type AutoSyncOptions, AutoSyncTimer } from '../engine/auto-sync.js';
import type { SyncEventEmitter } from '../events.js';
import type { StateStore } from '../state/store.js';
import { readFlowHistory } from './history.js';
import { resolveIntervals } from './intervals.js';
import type { FlowSchedule } from './types.js';
import { scheduleView } from './view.js';

/** What the Synchronizer's auto sync is made of. */
export interface ScheduleHost {
  store: StateStore;
  clock: Clock;
  logger: Logger;
  events: SyncEventEmitter;
  /** Runs `flows` in one run. */
  run: (flows: FlowName[], signal: AbortSignal) => Promise<unknown>;
  isBusy: () => boolean;
  /** Auto sync stopped on its own with `error`. */
  stopped: (error: Error) => void;
  /** `settings.autoSyncIntervalMinutes`. */
  defaultMinutes: number;
}

/** Auto sync as the Synchronizer offers it: start with options, stop, and the schedule per flow. */
export class ScheduleControl {
  readonly #host: ScheduleHost;
  readonly #timer: AutoSyncTimer;
  /** Flows of the run in progress (auto or not). */
  readonly active = new Set<FlowName>();

  constructor(host: ScheduleHost) {
    this.#host = host;
    this.#timer = new AutoSyncTimer({ ...host, history: () => readFlowHistory(host.store) });
  }

  /** @throws InvalidArgumentError naming an unknown flow or an interval that cannot be used. */
  start(options: AutoSyncOptions): void {
    const { intervalMinutes, intervals } = options;
    const resolved = resolveIntervals({ intervalMinutes, intervals, defaultMinutes: this.#host.defaultMinutes });
    this.#timer.start(resolved, {
      ...(options.runNow ? { runNow: true } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  /** Stops auto sync and waits for its run in progress. */
  stop(): Promise<void> {
    return this.#timer.stop();
  }

  /** Every flow's schedule. */
  async schedule(): Promise<FlowSchedule[]> {
    return scheduleView(await readFlowHistory(this.#host.store), this.#timer.snapshot(), this.active);
  }
}
