import type { Logger } from '../core/logger.js';
import type { Alert } from './alerts/types.js';
import type { FlowName } from './context.js';
import type { MeteringEvent } from './engine/metering-budget.js';
import type { ConflictReport, DriftReport, SyncReport } from './report.js';
import type { SyncEntity } from './state/store.js';

/** What happened to one record. */
export type RecordAction = 'created' | 'updated' | 'deleted' | 'unchanged' | 'skipped' | 'failed' | 'held';

/** Payloads of the Synchronizer's events, by name. */
export interface SyncEvents {
  /** A flow advanced: `done` of `total` QBO records of `entity` handled so far, with a time left. */
  progress: SyncProgress;
  /** One record was handled. */
  record: { entity: SyncEntity; id: string; action: RecordAction; dryRun: boolean };
  /** A conflict was found and reported. */
  conflict: ConflictReport & { entity: SyncEntity };
  /** IntelliTrack drift on a QBO-owned record was found. */
  drift: DriftReport & { entity: SyncEntity };
  /** A run finished (completed, failed or aborted). */
  run: SyncReport;
  /**
   * An auto sync tick: the flows that fell due, and whether they ran. `skipped` when a run was still
   * in progress (runs never overlap) or another process held the company's lease (`reason`).
   */
  tick: { at: string; skipped: boolean; reason?: string; flows?: FlowName[] };
  /** An alert was raised (see docs/alerts.md); the `onAlert` hook and the webhook get the same. */
  alert: Alert;
  /**
   * A record failed (`entity` and `id` name it), or a run (or an auto sync tick) stopped with an
   * error. `error` is usually one of the SDK's typed errors (`instanceof QboItSyncError`); anything
   * else a host's own port threw that is not an `Error` is wrapped in one.
   */
  error: { error: Error; entity?: SyncEntity; id?: string; operation?: string };
  /** The company's metered QBO calls crossed a share of the monthly allowance, or used it up (docs/metering.md). */
  metering: MeteringEvent;
}

/**
 * How far one flow's read is: records of `entity` handled (`done`) out of the records the read
 * holds (`total`: QBO's `COUNT(*)` of a full read, or the number of changes a CDC read returned),
 * with the time left at the pace so far. JSON-serialisable.
 */
export interface SyncProgress {
  /** The run's operation, e.g. `syncAll` or `syncItems`. */
  operation: string;
  entity: SyncEntity;
  /** Records handled so far in this run (cumulative). */
  done: number;
  /** Records the read holds; null when QBO did not count them. */
  total: number | null;
  /** `done / total` from 0 to 1; null without a total. */
  fraction: number | null;
  /** Milliseconds since the flow's read started (by the Synchronizer's clock). */
  elapsedMs: number;
  /** Estimated milliseconds left at the pace so far; null without a total or before the first page. */
  etaMs: number | null;
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
