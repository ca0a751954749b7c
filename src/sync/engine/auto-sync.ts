import { SyncInProgressError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { SyncEventEmitter } from '../events.js';

/** Options of `startAutoSync`. */
export interface AutoSyncOptions {
  /** Minutes between the start of one tick and the next. @default settings.autoSyncIntervalMinutes */
  intervalMinutes?: number;
  /** Stops auto sync (and aborts a run in progress) when aborted. */
  signal?: AbortSignal;
}

/**
 * Runs `run` every interval, never two at once: a tick that finds a run in progress is skipped and
 * reported (`tick` event with `skipped: true`), and so is a tick whose run found the company's
 * lease held by another process (`SyncInProgressError`, a second `tick` event with the reason).
 */
export class AutoSyncTimer {
  readonly #run: (signal: AbortSignal) => Promise<unknown>;
  readonly #isBusy: () => boolean;
  readonly #events: SyncEventEmitter;
  readonly #logger: Logger;
  #timer: ReturnType<typeof setInterval> | undefined;
  #controller: AbortController | undefined;
  #current: Promise<unknown> | undefined;
  #onAbort: (() => void) | undefined;
  #signal: AbortSignal | undefined;

  constructor(init: {
    run: (signal: AbortSignal) => Promise<unknown>;
    isBusy: () => boolean;
    events: SyncEventEmitter;
    logger: Logger;
  }) {
    this.#run = init.run;
    this.#isBusy = init.isBusy;
    this.#events = init.events;
    this.#logger = init.logger;
  }

  /** Whether auto sync is started. */
  get running(): boolean {
    return this.#timer !== undefined;
  }

  /** Starts ticking (the first run starts right away). Calling it again restarts with the new interval. */
  start(intervalMs: number, signal?: AbortSignal): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#controller = new AbortController();
    if (signal) {
      this.#signal = signal;
      this.#onAbort = () => void this.stop({ abortRun: true });
      signal.addEventListener('abort', this.#onAbort, { once: true });
    }
    this.#timer = setInterval(() => this.#tick(), intervalMs);
    this.#tick();
  }

  #tick(): void {
    const at = new Date().toISOString();
    if (this.#current !== undefined || this.#isBusy()) {
      this.#events.emit('tick', { at, skipped: true, reason: 'a sync run is still in progress' });
      return;
    }
    const controller = this.#controller;
    if (!controller) return;
    this.#events.emit('tick', { at, skipped: false });
    this.#current = this.#run(controller.signal)
      .catch((error: unknown) => {
        // Another process holds the company's lease: this tick is skipped, the next one tries again.
        if (error instanceof SyncInProgressError) {
          this.#events.emit('tick', { at, skipped: true, reason: error.message });
          return;
        }
        this.#logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'auto sync run failed');
      })
      .finally(() => {
        this.#current = undefined;
      });
  }

  /**
   * Stops ticking and waits for the run in progress to finish; with `abortRun` it is aborted instead
   * (its journal stays resumable and its unfinished flows save no watermark).
   */
  async stop(options: { abortRun?: boolean } = {}): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#signal && this.#onAbort) this.#signal.removeEventListener('abort', this.#onAbort);
    this.#signal = undefined;
    if (options.abortRun) this.#controller?.abort(new Error('auto sync stopped'));
    this.#controller = undefined;
    await this.#current;
  }
}
