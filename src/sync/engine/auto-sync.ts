import { sleep } from '../../core/abort.js';
import type { Clock } from '../../core/clock.js';
import {
  AbortError,
  AuthenticationError,
  ConfigurationError,
  PermissionDeniedError,
  SyncInProgressError,
} from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { FlowName } from '../context.js';
import type { SyncEventEmitter } from '../events.js';
import type { FlowHistory } from '../schedule/history.js';
import type { FlowIntervals } from '../schedule/intervals.js';

/** Options of `startAutoSync`. */
export interface AutoSyncOptions {
  /**
   * Minutes between runs of every flow not named in `intervals`.
   * @default settings.autoSyncIntervalMinutes when `intervals` is not given
   */
  intervalMinutes?: number;
  /**
   * Minutes between runs per flow, e.g. `{ items: 60, adjustments: 5 }`. Without `intervalMinutes`
   * only the flows named here are run. Flows that fall due together run in one run.
   */
  intervals?: FlowIntervals;
  /**
   * Run every scheduled flow at once. Without it a flow is first due one interval after its last
   * stored run started (at once when it never ran), so a restart keeps the schedule.
   * @default false
   */
  runNow?: boolean;
  /** Stops auto sync (and aborts a run in progress) when aborted. */
  signal?: AbortSignal;
}

/** Errors every later run would repeat: auto sync stops on them instead of failing each tick. */
function stopsAutoSync(error: unknown): boolean {
  return (
    error instanceof AuthenticationError ||
    error instanceof PermissionDeniedError ||
    error instanceof ConfigurationError
  );
}

/** What the timer needs from the Synchronizer. */
export interface AutoSyncHost {
  /** Runs `flows` in one run (in dependency order). */
  run: (flows: FlowName[], signal: AbortSignal) => Promise<unknown>;
  isBusy: () => boolean;
  history: () => Promise<Map<FlowName, FlowHistory>>;
  /** Auto sync stopped on its own with `error`. */
  stopped: (error: Error) => void;
  events: SyncEventEmitter;
  logger: Logger;
  clock: Clock;
}

/**
 * Runs each flow at its own interval, never two runs at once: flows that fall due together run in
 * one run; a slot that passes while a run is still in progress (or while another process holds the
 * company's lease) is skipped and reported as a `tick` event with `skipped: true`. Time comes from
 * the host's Clock (its `sleep` too), so tests run a day of schedule without waiting.
 */
export class AutoSyncTimer {
  readonly #host: AutoSyncHost;
  #intervals = new Map<FlowName, number>();
  readonly #due = new Map<FlowName, number>();
  readonly #running = new Set<FlowName>();
  #loop: Promise<void> | undefined;
  #stop: AbortController | undefined;
  #runAbort: AbortController | undefined;
  #wake = new AbortController();
  #detach: (() => void) | undefined;

  constructor(host: AutoSyncHost) {
    this.#host = host;
  }

  /** Whether auto sync is started. */
  get running(): boolean {
    return this.#loop !== undefined;
  }

  /** The interval (ms) and next due instant (epoch ms) of each scheduled flow, and the flows running. */
  snapshot(): {
    intervals: ReadonlyMap<FlowName, number>;
    due: ReadonlyMap<FlowName, number>;
    running: ReadonlySet<FlowName>;
  } {
    return { intervals: new Map(this.#intervals), due: new Map(this.#due), running: new Set(this.#running) };
  }

  /** Starts the schedule; called again while running, it takes the new intervals at once. */
  start(intervals: Map<FlowName, number>, options: { runNow?: boolean; signal?: AbortSignal } = {}): void {
    this.#intervals = intervals;
    for (const flow of this.#due.keys()) if (!intervals.has(flow)) this.#due.delete(flow);
    // A loop told to stop (its stop() not awaited yet) is replaced, not woken.
    if (this.#loop && this.#stop?.signal.aborted !== true) {
      if (options.runNow) for (const flow of intervals.keys()) this.#due.set(flow, this.#host.clock.now());
      this.#wake.abort();
      if (options.signal) this.#follow(options.signal);
      return;
    }
    const stop = new AbortController();
    this.#stop = stop;
    this.#runAbort = new AbortController();
    const loop: Promise<void> = this.#schedule(stop.signal, options.runNow === true)
      .catch((error: unknown) => {
        this.#host.logger.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'auto sync loop failed',
        );
      })
      .finally(() => {
        if (this.#loop !== loop) return;
        this.#loop = undefined;
        this.#due.clear();
      });
    this.#loop = loop;
    if (options.signal) this.#follow(options.signal);
  }

  #follow(signal: AbortSignal): void {
    this.#detach?.();
    const onAbort = (): void => void this.stop({ abortRun: true });
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    this.#detach = () => signal.removeEventListener('abort', onAbort);
  }

  async #schedule(stop: AbortSignal, runNow: boolean): Promise<void> {
    const history = await this.#host.history();
    const now = this.#host.clock.now();
    for (const [flow, interval] of this.#intervals) {
      const started = history.get(flow)?.lastStartedAt;
      this.#due.set(flow, runNow || started === undefined ? now : Math.max(now, started + interval));
    }
    while (!stop.aborted) {
      const at = this.#host.clock.now();
      this.#fillDue(at);
      const due = [...this.#due].filter(([, when]) => when <= at).map(([flow]) => flow);
      if (due.length > 0) await this.#tick(due, at);
      else await this.#sleep(Math.min(...this.#due.values()) - at, stop);
    }
  }

  /** Flows added to the schedule while it runs are due at once. */
  #fillDue(now: number): void {
    for (const flow of this.#intervals.keys()) if (!this.#due.has(flow)) this.#due.set(flow, now);
  }

  async #sleep(ms: number, stop: AbortSignal): Promise<void> {
    this.#wake = new AbortController();
    const signal = AbortSignal.any([stop, this.#wake.signal]);
    const clock = this.#host.clock;
    const wait = Number.isFinite(ms) ? Math.max(0, ms) : 2 ** 31 - 1;
    await (clock.sleep ? clock.sleep(wait, signal) : sleep(wait, signal)).catch((error: unknown) => {
      if (!(error instanceof AbortError) && !signal.aborted) throw error;
    });
  }

  async #tick(flows: FlowName[], at: number): Promise<void> {
    const iso = new Date(at).toISOString();
    if (this.#host.isBusy()) {
      this.#host.events.emit('tick', { at: iso, skipped: true, reason: 'a sync run is still in progress', flows });
      this.#advance(flows, at);
      return;
    }
    this.#host.events.emit('tick', { at: iso, skipped: false, flows });
    for (const flow of flows) this.#running.add(flow);
    try {
      await this.#host.run(flows, (this.#runAbort as AbortController).signal);
    } catch (error) {
      this.#failed(error, flows, iso);
    } finally {
      this.#running.clear();
    }
    this.#advance(flows, at);
  }

  #failed(error: unknown, flows: FlowName[], at: string): void {
    // Another process holds the company's lease: this slot is skipped, the next one tries again.
    if (error instanceof SyncInProgressError) {
      this.#host.events.emit('tick', { at, skipped: true, reason: error.message, flows });
    } else if (error instanceof AbortError) {
      // stop({ abortRun: true }) aborted the run: nothing to report.
    } else if (stopsAutoSync(error)) {
      this.#stop?.abort();
      this.#host.stopped(error as Error);
    } else {
      this.#host.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'auto sync run failed');
    }
  }

  /** Moves each flow to its next slot after now; slots that passed during the run are reported skipped. */
  #advance(flows: FlowName[], startedAt: number): void {
    const now = this.#host.clock.now();
    for (const flow of flows) {
      const interval = this.#intervals.get(flow);
      if (interval === undefined) continue;
      let next = startedAt + interval;
      let missed = 0;
      for (; next <= now; next += interval) missed += 1;
      this.#due.set(flow, next);
      if (missed > 0) {
        const reason = `a sync run was still in progress (${missed} slot(s) missed)`;
        this.#host.events.emit('tick', { at: new Date(now).toISOString(), skipped: true, reason, flows: [flow] });
      }
    }
  }

  /**
   * Stops the schedule and waits for the run in progress to finish; with `abortRun` it is aborted
   * instead (its journal stays resumable and its unfinished flows save no watermark).
   */
  async stop(options: { abortRun?: boolean } = {}): Promise<void> {
    this.#detach?.();
    this.#detach = undefined;
    this.#stop?.abort();
    if (options.abortRun) this.#runAbort?.abort(new Error('auto sync stopped'));
    await this.#loop;
  }
}
