import { type Attributes, type Span, SpanKind } from '@opentelemetry/api';
import type { HttpRequest } from '../http-types.js';
import { ATTRIBUTE_NAMES as A } from './names.js';
import { activeRealm } from './realm-context.js';
import { errorType, recordSpanError, Telemetry, type TelemetryOptions } from './telemetry.js';

/** What a request is, for its span and metrics; each client describes its own requests. */
export interface CallDescription {
  /** Low-cardinality verb, e.g. `query`, `batch`, `create`, `bulk`; the span is `<service>.<operation>`. */
  operation: string;
  /** The entity or resource, e.g. `Item` or `items` (several joined by commas). */
  entity?: string;
  /** Operations carried by one batch or bulk request. */
  batchSize?: number;
  /** The QBO realm; without it, the realm of the active context (a run's) is used. */
  realm?: string;
}

/** What the transport learns while it sends one call. */
export interface CallProbe {
  readonly call: CallDescription;
  /** Attempts made so far. */
  attempts: number;
  /** Status of the last response, if any. */
  status: number | undefined;
  /** Time spent waiting on the gate (rate limiter), summed over attempts. */
  throttleWaitMs: number;
  span?: Span;
}

/** Spans and metrics of the calls of one HTTP transport. */
export class CallTelemetry {
  readonly #service: string;
  readonly #telemetry: Telemetry;
  readonly #describe: ((request: HttpRequest) => CallDescription) | undefined;

  constructor(init: {
    service: string;
    telemetry?: TelemetryOptions | undefined;
    describe?: ((request: HttpRequest) => CallDescription) | undefined;
  }) {
    this.#service = init.service;
    this.#telemetry = new Telemetry(init.telemetry);
    this.#describe = init.describe;
  }

  /** A new probe for `request`, described by the client (default: `read` for GET, else `write`). */
  probe(request: HttpRequest): CallProbe {
    const call = this.#describe?.(request) ?? { operation: request.method === 'GET' ? 'read' : 'write' };
    return { call, attempts: 0, status: undefined, throttleWaitMs: 0 };
  }

  /** Runs `fn` (every attempt of the call) in a client span; records the outcome and a failure's class. */
  trace<T>(request: HttpRequest, probe: CallProbe, fn: () => Promise<T>): Promise<T> {
    const { call } = probe;
    const realm = call.realm ?? activeRealm();
    const attributes: Attributes = {
      [A.service]: this.#service,
      [A.operation]: call.operation,
      [A.method]: request.method,
      ...(call.entity === undefined ? {} : { [A.entity]: call.entity }),
      ...(call.batchSize === undefined ? {} : { [A.batchSize]: call.batchSize }),
      ...(realm === undefined ? {} : { [A.realm]: realm }),
    };
    const name = `${this.#service}.${call.operation}`;
    return this.#telemetry.tracer.startActiveSpan(name, { kind: SpanKind.CLIENT, attributes }, async (span) => {
      probe.span = span;
      try {
        const result = await fn();
        settle(span, probe, 'success');
        return result;
      } catch (error) {
        settle(span, probe, errorType(error) === 'AbortError' ? 'aborted' : 'failure');
        recordSpanError(span, error);
        this.#telemetry.instruments.failures.add(1, {
          [A.scope]: 'call',
          [A.service]: this.#service,
          [A.errorType]: errorType(error),
        });
        throw error;
      } finally {
        span.end();
      }
    });
  }

  /** Counts one HTTP exchange: its status, or the class of the error that left it without one. */
  exchange(probe: CallProbe, status: number | undefined, error?: unknown): void {
    this.#telemetry.instruments.calls.add(1, {
      [A.service]: this.#service,
      [A.operation]: probe.call.operation,
      ...(status === undefined ? { [A.errorType]: errorType(error) } : { [A.status]: status }),
    });
  }

  /** Notes on the call's span that a failed attempt is retried after `delayMs`. */
  retry(probe: CallProbe, error: unknown, delayMs: number): void {
    probe.span?.addEvent('retry', {
      [A.attempt]: probe.attempts,
      [A.errorType]: errorType(error),
      [A.retryDelayMs]: delayMs,
      ...(probe.status === undefined ? {} : { [A.status]: probe.status }),
    });
  }
}

function settle(span: Span, probe: CallProbe, outcome: 'success' | 'failure' | 'aborted'): void {
  if (!span.isRecording()) return;
  span.setAttributes({
    [A.attempts]: probe.attempts,
    [A.throttleWaitMs]: probe.throttleWaitMs,
    [A.outcome]: outcome,
    ...(probe.status === undefined ? {} : { [A.status]: probe.status }),
  });
}
