import type { Clock } from '../../core/clock.js';
import type { SyncEventEmitter, SyncProgress } from '../events.js';
import type { SyncEntity } from '../state/store.js';

/** What a {@link ProgressMeter} reports with. */
export interface ProgressTarget {
  events: SyncEventEmitter;
  clock: Clock;
  operation: string;
}

/** Estimated milliseconds left: the pace so far applied to the records not handled yet. */
export function estimateLeft(done: number, total: number | null, elapsedMs: number): number | null {
  if (total === null || done <= 0) return null;
  if (done >= total) return 0;
  return Math.round((elapsedMs / done) * (total - done));
}

/**
 * Counts the records of one flow's read as they are handled and emits a `progress` event per page,
 * with the total the read counted and the time left.
 */
export class ProgressMeter {
  readonly #target: ProgressTarget;
  readonly #entity: SyncEntity;
  readonly #total: number | null;
  readonly #startedAt: number;
  #done = 0;

  constructor(target: ProgressTarget, entity: SyncEntity, total: number | undefined) {
    this.#target = target;
    this.#entity = entity;
    this.#total = total ?? null;
    this.#startedAt = target.clock.now();
  }

  /** Adds `count` handled records and emits the progress. */
  advance(count: number): SyncProgress {
    this.#done += count;
    const elapsedMs = Math.max(0, this.#target.clock.now() - this.#startedAt);
    const total = this.#total === null ? null : Math.max(this.#total, this.#done);
    const progress: SyncProgress = {
      operation: this.#target.operation,
      entity: this.#entity,
      done: this.#done,
      total,
      fraction: total === null ? null : total === 0 ? 1 : this.#done / total,
      elapsedMs,
      etaMs: estimateLeft(this.#done, total, elapsedMs),
    };
    this.#target.events.emit('progress', progress);
    return progress;
  }
}
