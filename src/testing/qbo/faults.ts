import type { Random } from './random.js';
import type { QboRequestKind } from './types.js';

/** A failure the emulator can inject into a request. */
export type QboInjectedFault =
  | { type: 'serverError'; status?: 500 | 502 | 503 | 504 }
  | { type: 'reset' }
  /** The request takes effect, then the connection drops before the answer (a lost response). */
  | { type: 'dropResponse' }
  | { type: 'timeout' }
  | { type: 'latency'; ms: number }
  | { type: 'throttle'; retryAfterSeconds?: number; format?: 'json' | 'xml' }
  | { type: 'inventoryLock' };

/** A scripted fault, optionally only for some kinds of request. */
export type QboScriptedFault = QboInjectedFault & { kinds?: readonly QboRequestKind[] };

/** Probabilities (0..1) of each fault per request; rolled with the emulator's seeded PRNG. */
export interface QboFaultRates {
  serverError?: number;
  reset?: number;
  timeout?: number;
  throttle?: number;
  /** Only rolled for writes (create, update, delete, void, batch). */
  inventoryLock?: number;
  /** Probability of added latency, and how much. */
  latency?: { probability: number; ms: number };
  /** Request kinds the rates apply to. @default every kind except `token` */
  kinds?: readonly QboRequestKind[];
}

const WRITES: readonly QboRequestKind[] = ['create', 'update', 'delete', 'void', 'batch'];

/** The faults to apply to one request: an optional delay and at most one failure. */
export interface QboFaultDecision {
  latencyMs: number;
  fault: Exclude<QboInjectedFault, { type: 'latency' }> | undefined;
}

/**
 * Decides which requests fail and how: scripted sequences first (in order, each used once), then the
 * seeded random rates. Use it through `emulator.faults`.
 * @example
 * emulator.faults.enqueue({ type: 'serverError', status: 503 }, { type: 'reset' });
 * emulator.faults.setRates({ throttle: 0.05, latency: { probability: 0.1, ms: 200 } });
 */
export class QboFaultInjector {
  private script: QboScriptedFault[] = [];
  private rates: QboFaultRates = {};
  /** How many faults (latency included) were applied so far. */
  injected = 0;

  constructor(private readonly random: Random) {}

  /** Appends faults to the script; each is used by the next request it matches (a latency entry only delays it). */
  enqueue(...faults: QboScriptedFault[]): this {
    this.script.push(...faults);
    return this;
  }

  /** Queues `count` throttled answers (a 429 storm). */
  throttleStorm(count: number, options: { retryAfterSeconds?: number; format?: 'json' | 'xml' } = {}): this {
    for (let i = 0; i < count; i += 1) this.script.push({ type: 'throttle', ...options });
    return this;
  }

  /** Sets the random fault rates (replacing earlier ones). */
  setRates(rates: QboFaultRates): this {
    this.rates = { ...rates };
    return this;
  }

  /** Removes scripted faults and rates. */
  clear(): this {
    this.script = [];
    this.rates = {};
    return this;
  }

  /** Scripted faults not used yet. */
  get pending(): number {
    return this.script.length;
  }

  /** @internal Decides the faults of one request. */
  decide(kind: QboRequestKind): QboFaultDecision {
    const decision: QboFaultDecision = { latencyMs: 0, fault: undefined };
    const index = this.script.findIndex((f) => matches(f, kind));
    if (index >= 0) {
      // Each scripted entry is used by exactly one request.
      const [next] = this.script.splice(index, 1) as [QboScriptedFault];
      this.injected += 1;
      if (next.type === 'latency') decision.latencyMs = next.ms;
      else decision.fault = next;
      return decision;
    }
    return this.roll(kind, decision);
  }

  private roll(kind: QboRequestKind, decision: QboFaultDecision): QboFaultDecision {
    const r = this.rates;
    const kinds = r.kinds ?? null;
    if (kinds ? !kinds.includes(kind) : kind === 'token') return decision;
    if (r.latency && this.random.next() < r.latency.probability) {
      decision.latencyMs += r.latency.ms;
      this.injected += 1;
    }
    const order: [number | undefined, QboFaultDecision['fault']][] = [
      [r.reset, { type: 'reset' }],
      [r.timeout, { type: 'timeout' }],
      [r.serverError, { type: 'serverError', status: 503 }],
      [r.throttle, { type: 'throttle' }],
      [WRITES.includes(kind) ? r.inventoryLock : undefined, { type: 'inventoryLock' }],
    ];
    for (const [p, fault] of order) {
      if (p !== undefined && p > 0 && this.random.next() < p) {
        this.injected += 1;
        decision.fault = fault;
        break;
      }
    }
    return decision;
  }
}

function matches(fault: QboScriptedFault, kind: QboRequestKind): boolean {
  if (fault.kinds) return fault.kinds.includes(kind);
  if (fault.type === 'inventoryLock') return WRITES.includes(kind);
  return kind !== 'token';
}
