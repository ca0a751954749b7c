import type { Logger } from '../core/logger.js';
import type { MeteringEvent } from './engine/metering-budget.js';
import type { ConflictReport, DriftReport, SyncReport } from './report.js';
import type { SyncEntity } from './state/store.js';

/** What happened to one record. */
export type RecordAction = 'created' | 'updated' | 'deleted' | 'unchanged' | 'skipped' | 'failed' | 'held';

/** Payloads of the Synchronizer's events, by name. */
export interface SyncEvents {
  /** A flow advanced (`done` records of `entity` handled so far). */
  progress: { operation: string; entity: SyncEntity; done: number };
  /** One record was handled. */
  record: { entity: SyncEntity; id: string; action: RecordAction; dryRun: boolean };
  /** A conflict was found and reported. */
  conflict: ConflictReport & { entity: SyncEntity };
  /** IntelliTrack drift on a QBO-owned record was found. */
  drift: DriftReport & { entity: SyncEntity };
  /** A run finished (completed, failed or aborted). */
  run: SyncReport;
  /** An auto sync tick: `skipped` when a run was still in progress (runs never overlap). */
  tick: { at: string; skipped: boolean; reason?: string };
  /**
   * A record failed (`entity` and `id` name it), or a run (or an auto sync tick) stopped with an
   * error. `error` is usually one of the SDK's typed errors (`instanceof QboItSyncError`); anything
   * else a host's own port threw that is not an `Error` is wrapped in one.
   */
  error: { error: Error; entity?: SyncEntity; id?: string; operation?: string };
  /** The company's metered QBO calls crossed a share of the monthly allowance, or used it up (docs/metering.md). */
  metering: MeteringEvent;
}

/** `value` if it is an `Error`, else an `Error` whose message is its text (for the `error` event). */
export function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

/** A listener of event `K`. */
export type SyncListener<K extends keyof SyncEvents> = (payload: SyncEvents[K]) => void;

/**
 * A small typed event emitter. A throwing listener is logged and never breaks a sync.
 */
export class SyncEventEmitter {
  readonly #listeners = new Map<keyof SyncEvents, Set<(payload: never) => void>>();
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof SyncEvents>(name: K, listener: SyncListener<K>): () => void {
    let set = this.#listeners.get(name);
    if (!set) {
      set = new Set();
      this.#listeners.set(name, set);
    }
    set.add(listener as (payload: never) => void);
    return () => this.off(name, listener);
  }

  /** Removes a listener. */
  off<K extends keyof SyncEvents>(name: K, listener: SyncListener<K>): void {
    this.#listeners.get(name)?.delete(listener as (payload: never) => void);
  }

  /** Calls every listener of `name` in order. */
  emit<K extends keyof SyncEvents>(name: K, payload: SyncEvents[K]): void {
    const set = this.#listeners.get(name);
    if (!set) return;
    for (const listener of set) {
      try {
        (listener as SyncListener<K>)(payload);
      } catch (error) {
        this.#logger.warn(
          { event: name, err: error instanceof Error ? error.message : String(error) },
          'listener threw',
        );
      }
    }
  }
}
