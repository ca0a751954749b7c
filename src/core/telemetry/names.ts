/**
 * Names of the spans, metrics and attributes the SDK records (see docs/observability.md). The
 * SDK's own attributes are namespaced `qbo_it.`; HTTP and error attributes follow the OpenTelemetry
 * semantic conventions.
 */

/** The instrumentation scope (tracer and meter name). */
export const INSTRUMENTATION_SCOPE = 'qbo-intellitrack-sync';

/** Span names. A call span is named `<service>.<operation>`, e.g. `qbo.query` or `intellitrack.bulk`. */
export const SPAN_NAMES = Object.freeze({
  /** One sync run (`syncAll`, `sync(scope)`, `plan`, …). */
  run: 'sync.run',
  /** One flow of a run (`items`, `vendors`, …). */
  flow: 'sync.flow',
});

/** Metric names. Durations are in seconds. */
export const METRIC_NAMES = Object.freeze({
  /** Counter: HTTP exchanges by service, operation and status (every attempt counts). */
  calls: 'qbo_it.calls',
  /** Counter: records written by a run, by entity and action. */
  writes: 'qbo_it.writes',
  /** Counter: failures by scope (call, record, run) and error class. */
  failures: 'qbo_it.failures',
  /** Histogram (s): duration of a run, by operation and outcome. */
  runDuration: 'qbo_it.run.duration',
  /** Histogram (s): time a run waited for the realm's lease, by outcome. */
  leaseWait: 'qbo_it.lease.wait',
  /** Histogram (s): time a job waited in a queue before a worker started it. */
  queueLag: 'qbo_it.queue.lag',
});

/** Attribute keys. */
export const ATTRIBUTE_NAMES = Object.freeze({
  realm: 'qbo_it.realm',
  service: 'qbo_it.service',
  operation: 'qbo_it.operation',
  flow: 'qbo_it.flow',
  entity: 'qbo_it.entity',
  action: 'qbo_it.action',
  batchSize: 'qbo_it.batch_size',
  attempts: 'qbo_it.attempts',
  attempt: 'qbo_it.attempt',
  throttleWaitMs: 'qbo_it.throttle_wait_ms',
  retryDelayMs: 'qbo_it.retry_delay_ms',
  outcome: 'qbo_it.outcome',
  dryRun: 'qbo_it.dry_run',
  scope: 'qbo_it.scope',
  queue: 'qbo_it.queue',
  job: 'qbo_it.job',
  method: 'http.request.method',
  status: 'http.response.status_code',
  errorType: 'error.type',
});
