import { ATTRIBUTE_NAMES as A } from './names.js';
import { Telemetry, type TelemetryOptions } from './telemetry.js';

/** What a queued job's lag is recorded with (`qbo_it.queue`, `qbo_it.job`). */
export interface QueueLagAttributes {
  /** The queue's name, e.g. `sync` or `webhook`. */
  queue: string;
  /** The job's kind, e.g. `sync` or `webhook`. */
  job?: string;
}

/**
 * Records how long a job waited in its queue before a worker started it (histogram
 * `qbo_it.queue.lag`, in seconds). Workers call it once per job they start.
 * @param ms milliseconds from the time the job became runnable (its `startAfter`, or when it was
 *   created) to the time the worker started it; a negative value counts as 0
 * @param telemetry the worker's `telemetry` option, if it was given one
 * @example
 * recordQueueLag(Date.now() - job.startAfter.getTime(), { queue: 'sync', job: 'sync' });
 */
export function recordQueueLag(ms: number, attributes: QueueLagAttributes, telemetry?: TelemetryOptions): void {
  const attrs = { [A.queue]: attributes.queue, ...(attributes.job === undefined ? {} : { [A.job]: attributes.job }) };
  new Telemetry(telemetry).instruments.queueLag.record(Math.max(0, ms) / 1000, attrs);
}

/** How a wait for a lease ended. */
export type LeaseWaitOutcome = 'acquired' | 'busy' | 'aborted' | 'error';

/** Records how long a run waited for its realm's lease (histogram `qbo_it.lease.wait`, in seconds). */
export function recordLeaseWait(ms: number, outcome: LeaseWaitOutcome, telemetry?: Telemetry): void {
  (telemetry ?? new Telemetry()).instruments.leaseWait.record(Math.max(0, ms) / 1000, { [A.outcome]: outcome });
}
