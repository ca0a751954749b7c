/** OpenTelemetry instrumentation of the SDK: spans and metrics through `@opentelemetry/api` only. */
export { type CallDescription, type CallProbe, CallTelemetry } from './call-telemetry.js';
export { ATTRIBUTE_NAMES, INSTRUMENTATION_SCOPE, METRIC_NAMES, SPAN_NAMES } from './names.js';
export { activeRealm, withRealm } from './realm-context.js';
export {
  errorType,
  type Instruments,
  recordSpanError,
  Telemetry,
  type TelemetryOptions,
} from './telemetry.js';
export { type LeaseWaitOutcome, type QueueLagAttributes, recordLeaseWait, recordQueueLag } from './waits.js';
