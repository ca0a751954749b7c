import {
  type Attributes,
  type Counter,
  type Histogram,
  type Meter,
  metrics,
  type Span,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { ATTRIBUTE_NAMES as A, INSTRUMENTATION_SCOPE, METRIC_NAMES as M } from './names.js';

/**
 * Where the SDK sends traces and metrics (`telemetry` of the clients and the Synchronizer). Without
 * it, the tracer and meter of the providers registered globally with `@opentelemetry/api` are used;
 * with no SDK registered, those are the API's no-ops.
 */
export interface TelemetryOptions {
  /** @default trace.getTracer('qbo-intellitrack-sync') of the global tracer provider */
  tracer?: Tracer;
  /** @default metrics.getMeter('qbo-intellitrack-sync') of the global meter provider */
  meter?: Meter;
}

/** The SDK's metric instruments on one meter. */
export interface Instruments {
  calls: Counter;
  writes: Counter;
  failures: Counter;
  runDuration: Histogram;
  leaseWait: Histogram;
  queueLag: Histogram;
}

/** Seconds buckets from 5 ms to 30 min: calls, lease waits, queue lags and runs all fit. */
const SECONDS = [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];

const byMeter = new WeakMap<Meter, Instruments>();

function createInstruments(meter: Meter): Instruments {
  const seconds = (name: string, description: string): Histogram =>
    meter.createHistogram(name, { unit: 's', description, advice: { explicitBucketBoundaries: SECONDS } });
  return {
    calls: meter.createCounter(M.calls, { unit: '{call}', description: 'HTTP exchanges with QBO or IntelliTrack' }),
    writes: meter.createCounter(M.writes, { unit: '{record}', description: 'Records written by sync runs' }),
    failures: meter.createCounter(M.failures, { unit: '{failure}', description: 'Failed calls, records and runs' }),
    runDuration: seconds(M.runDuration, 'Duration of sync runs'),
    leaseWait: seconds(M.leaseWait, "Time a run waited for its realm's lease"),
    queueLag: seconds(M.queueLag, 'Time a job waited in its queue before a worker started it'),
  };
}

/**
 * The tracer and meter one client or Synchronizer records with. Instruments are looked up on each
 * use, so a meter provider registered globally after construction is still used.
 */
export class Telemetry {
  readonly tracer: Tracer;
  readonly #meter: Meter | undefined;

  constructor(options: TelemetryOptions = {}) {
    this.tracer = options.tracer ?? trace.getTracer(INSTRUMENTATION_SCOPE);
    this.#meter = options.meter;
  }

  /** The instruments of the given meter, or of the meter provider registered globally now. */
  get instruments(): Instruments {
    const meter = this.#meter ?? metrics.getMeter(INSTRUMENTATION_SCOPE);
    let found = byMeter.get(meter);
    if (!found) {
      found = createInstruments(meter);
      byMeter.set(meter, found);
    }
    return found;
  }

  /**
   * Runs `fn` in a new active span, ended when `fn` settles; a thrown error is recorded on the span
   * (see {@link recordSpanError}) and thrown again.
   */
  async span<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>): Promise<T> {
    return this.tracer.startActiveSpan(name, { attributes }, async (span) => {
      try {
        return await fn(span);
      } catch (error) {
        recordSpanError(span, error);
        throw error;
      } finally {
        span.end();
      }
    });
  }
}

/** The class name of an error (`error.type`): its `name`, else its constructor's, else `Error`. */
export function errorType(error: unknown): string {
  if (error instanceof Error) return error.name || error.constructor.name || 'Error';
  return typeof error === 'object' && error !== null ? (error.constructor?.name ?? 'Error') : 'Error';
}

/** Marks `span` failed by `error`: an `exception` event, status ERROR and `error.type`. */
export function recordSpanError(span: Span, error: unknown): void {
  if (!span.isRecording()) return;
  const message = error instanceof Error ? error.message : String(error);
  span.recordException(error instanceof Error ? error : message);
  span.setStatus({ code: SpanStatusCode.ERROR, message });
  span.setAttribute(A.errorType, errorType(error));
}
