import type { IntelliTrackFaultMatch, IntelliTrackFaultRule, IntelliTrackFaultSpec } from './faults.js';
import type { IntelliTrackRouteKind } from './requests.js';

/**
 * A fault in the QBO emulator's notation (`{ type: 'serverError' }`…), so tests can drive both
 * emulators the same way.
 */
export type IntelliTrackQueuedFault = (
  | { type: 'serverError'; status?: 500 | 502 | 503 | 504 }
  | { type: 'reset' }
  | { type: 'dropResponse' }
  | { type: 'timeout' }
  | { type: 'latency'; ms: number }
  | { type: 'throttle'; retryAfterSeconds?: number }
) & { kinds?: readonly IntelliTrackRouteKind[] };

/** Random fault rates (0–1 per request) in the QBO emulator's notation. */
export interface IntelliTrackFaultRates {
  serverError?: number;
  reset?: number;
  timeout?: number;
  throttle?: number;
  latency?: { probability: number; ms: number };
  /** Route kinds the rates apply to. @default every kind */
  kinds?: readonly IntelliTrackRouteKind[];
}

/** The native spec and match of a queued fault. */
export function fromQueued(fault: IntelliTrackQueuedFault): {
  spec: IntelliTrackFaultSpec;
  match: IntelliTrackFaultMatch | undefined;
} {
  const match = fault.kinds ? { kinds: fault.kinds } : undefined;
  switch (fault.type) {
    case 'serverError':
      return { spec: { kind: 'server-error', ...(fault.status ? { status: fault.status } : {}) }, match };
    case 'dropResponse':
      return { spec: { kind: 'lost-response' }, match };
    case 'latency':
      return { spec: { kind: 'latency', latencyMs: fault.ms }, match };
    case 'throttle':
      return { spec: { kind: 'rate-limit', retryAfterSeconds: fault.retryAfterSeconds ?? 1 }, match };
    default:
      return { spec: { kind: fault.type }, match };
  }
}

/** The native random rules of a set of rates. */
export function fromRates(rates: IntelliTrackFaultRates): IntelliTrackFaultRule[] {
  const match = rates.kinds ? { match: { kinds: rates.kinds } } : {};
  const rules: IntelliTrackFaultRule[] = [];
  if (rates.serverError) rules.push({ kind: 'server-error', probability: rates.serverError, ...match });
  if (rates.reset) rules.push({ kind: 'reset', probability: rates.reset, ...match });
  if (rates.timeout) rules.push({ kind: 'timeout', probability: rates.timeout, ...match });
  if (rates.throttle) rules.push({ kind: 'rate-limit', probability: rates.throttle, ...match });
  if (rates.latency) {
    rules.push({ kind: 'latency', probability: rates.latency.probability, latencyMs: rates.latency.ms, ...match });
  }
  return rules;
}
