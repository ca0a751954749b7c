import type { SyncEvents } from '../sync/events.js';
import type { Synchronizer } from '../sync/synchronizer.js';

/** What the status bar shows: the run in progress (or the last one), as sent over Server-Sent Events. */
export interface ProgressState {
  /** `idle` before any run started from here or seen since the page opened. */
  status: 'idle' | 'running' | 'completed' | 'failed' | 'aborted';
  operation: string | null;
  /** Records of the current flow handled so far. */
  done: number;
  /** Records the current flow's read holds; null when not counted. */
  total: number | null;
  /** 0..100 when known (100 once the run finished); null while unknown. */
  percent: number | null;
  /** Milliseconds left in the current flow, when its total is known. */
  etaMs: number | null;
  /** The entity handled last, e.g. `item`. */
  entity: string | null;
  /** One line for the status bar. */
  message: string;
  runId: string | null;
}

const IDLE: ProgressState = {
  status: 'idle',
  operation: null,
  done: 0,
  total: null,
  percent: null,
  etaMs: null,
  entity: null,
  message: 'Idle',
  runId: null,
};

type Listener = (state: ProgressState) => void;

type ProgressEvent = SyncEvents['progress'];

/**
 * Follows a Synchronizer's events and keeps the state of the status bar, for every page that
 * listens: the current flow's records done of its total, percent and time left.
 */
export class ProgressHub {
  #state: ProgressState = IDLE;
  readonly #listeners = new Set<Listener>();
  readonly #stop: (() => void)[];

  constructor(sync: Synchronizer) {
    this.#stop = [
      sync.on('progress', (e) => this.#progress(e)),
      sync.on('run', (report) =>
        this.#set({
          status: report.status,
          operation: report.operation,
          percent: 100,
          etaMs: 0,
          runId: report.runId,
          message: `${report.operation} ${report.status}`,
        }),
      ),
    ];
  }

  /** The current state. */
  get state(): ProgressState {
    return this.#state;
  }

  /** Marks a run as started from the page (before its first event). */
  started(operation: string): void {
    this.#set({ ...IDLE, status: 'running', operation, percent: 0, message: `${operation} started` });
  }

  /** Marks a run that threw before it reported (e.g. a configuration error). */
  failed(operation: string, message: string): void {
    this.#set({ status: 'failed', operation, percent: 100, etaMs: 0, message: `${operation} failed: ${message}` });
  }

  /** Calls `listener` on every change; returns a function that removes it. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops following the Synchronizer. */
  close(): void {
    for (const stop of this.#stop) stop();
    this.#listeners.clear();
  }

  /** One flow's progress: percent and time left from its read's total, 99% at most until the run ends. */
  #progress(e: ProgressEvent): void {
    if (this.#state.status !== 'running') this.started(e.operation);
    const percent = e.fraction === null ? null : Math.min(99, Math.floor(e.fraction * 100));
    this.#set({
      status: 'running',
      operation: e.operation,
      done: e.done,
      total: e.total,
      percent,
      etaMs: e.etaMs,
      entity: e.entity,
      message: `${e.operation}: ${e.done}${e.total === null ? '' : ` of ${e.total}`} ${e.entity} record(s)`,
    });
  }

  #set(patch: Partial<ProgressState>): void {
    this.#state = { ...this.#state, ...patch };
    for (const listener of this.#listeners) listener(this.#state);
  }
}
