import type { SyncEvents } from '../sync/events.js';
import type { Synchronizer } from '../sync/synchronizer.js';

/** What the status bar shows: the run in progress (or the last one), as sent over Server-Sent Events. */
export interface ProgressState {
  /** `idle` before any run started from here or seen since the page opened. */
  status: 'idle' | 'running' | 'completed' | 'failed' | 'aborted';
  operation: string | null;
  /** Records handled so far in this run. */
  done: number;
  /** Records the run will handle, when the progress events carry it; else null. */
  total: number | null;
  /** 0..100 when known (100 once the run finished); null while unknown. */
  percent: number | null;
  /** Milliseconds left, when the progress events carry totals. */
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

/** Progress events may carry totals and an ETA (newer libraries); read them when present. */
type ProgressEvent = SyncEvents['progress'] & { total?: unknown; etaMs?: unknown };

function numberOr(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * Follows a Synchronizer's events and keeps the state of the status bar, for every page that
 * listens. Counts per entity so a run of several flows adds up.
 */
export class ProgressHub {
  #state: ProgressState = IDLE;
  readonly #listeners = new Set<Listener>();
  readonly #doneBy = new Map<string, number>();
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
    this.#doneBy.clear();
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

  #progress(e: ProgressEvent): void {
    if (this.#state.status !== 'running') this.started(e.operation);
    this.#doneBy.set(e.entity, e.done);
    const done = [...this.#doneBy.values()].reduce((a, b) => a + b, 0);
    const total = numberOr(e.total);
    const percent = total && total > 0 ? Math.min(99, Math.floor((done / total) * 100)) : null;
    this.#set({
      status: 'running',
      operation: e.operation,
      done,
      total,
      percent,
      etaMs: numberOr(e.etaMs),
      entity: e.entity,
      message: `${e.operation}: ${done}${total === null ? '' : ` of ${total}`} records (${e.entity})`,
    });
  }

  #set(patch: Partial<ProgressState>): void {
    this.#state = { ...this.#state, ...patch };
    for (const listener of this.#listeners) listener(this.#state);
  }
}
