import { fromQueued, fromRates, type IntelliTrackFaultRates, type IntelliTrackQueuedFault } from './fault-compat.js';
import type { SeededRandom } from './random.js';
import type { IntelliTrackRouteInfo, IntelliTrackRouteKind } from './requests.js';

/**
 * A fault the emulator can inject:
 * - `server-error`: a 5xx problem (default 503) before anything changes;
 * - `reset`: the connection is destroyed before the request is processed;
 * - `lost-response`: the request takes effect, then the connection is destroyed (the answer is lost);
 * - `timeout`: no answer at all (until the client gives up), nothing changes;
 * - `latency`: the answer is delayed by `latencyMs`;
 * - `rate-limit`: 429 with `Retry-After` (default 1 s).
 */
export type IntelliTrackFaultKind = 'server-error' | 'reset' | 'lost-response' | 'timeout' | 'latency' | 'rate-limit';

/** One injected fault. */
export interface IntelliTrackFaultSpec {
  kind: IntelliTrackFaultKind;
  /** `server-error` only. @default 503 */
  status?: number;
  /** `latency` only. @default 200 */
  latencyMs?: number;
  /** `rate-limit` only. @default 1 */
  retryAfterSeconds?: number;
}

/** Which requests a fault applies to: every given field must match. */
export interface IntelliTrackFaultMatch {
  method?: string;
  kind?: IntelliTrackRouteKind;
  resource?: string;
  /** Any of these route kinds. */
  kinds?: readonly IntelliTrackRouteKind[];
}

/** A fault injected at random with `probability` (0–1) on matching requests. */
export interface IntelliTrackFaultRule extends IntelliTrackFaultSpec {
  probability: number;
  match?: IntelliTrackFaultMatch;
}

/** A scripted step: a fault, its kind, or `null` for "answer normally". */
export type IntelliTrackFaultStep = IntelliTrackFaultSpec | IntelliTrackFaultKind | null;

/** Faults active from the start. */
export interface IntelliTrackFaultOptions {
  rules?: IntelliTrackFaultRule[];
  /** Applied one step per request, in order, before any random rule. */
  script?: IntelliTrackFaultStep[];
}

/**
 * Decides which fault, if any, hits each request: scripted steps first (in order), then random rules
 * drawn from the emulator's seeded generator, so a seed replays the same faults.
 */
export class IntelliTrackFaults {
  readonly #random: SeededRandom;
  #rules: IntelliTrackFaultRule[] = [];
  #script: { step: IntelliTrackFaultStep; match: IntelliTrackFaultMatch | undefined }[] = [];
  readonly #injected = new Map<IntelliTrackFaultKind, number>();

  constructor(random: SeededRandom, options: IntelliTrackFaultOptions = {}) {
    this.#random = random;
    for (const rule of options.rules ?? []) this.add(rule);
    if (options.script) this.script(options.script);
  }

  /** Adds a random fault rule. */
  add(rule: IntelliTrackFaultRule): this {
    this.#rules.push({ ...rule });
    return this;
  }

  /**
   * Queues scripted steps for the next matching requests.
   * @example emulator.faults.script(['reset', null, { kind: 'server-error', status: 502 }])
   */
  script(steps: readonly IntelliTrackFaultStep[], match?: IntelliTrackFaultMatch): this {
    for (const step of steps) this.#script.push({ step, match });
    return this;
  }

  /** A 429 storm: the next `count` matching requests are rate limited. */
  storm(count: number, retryAfterSeconds = 1, match?: IntelliTrackFaultMatch): this {
    return this.script(
      Array.from({ length: count }, () => ({ kind: 'rate-limit', retryAfterSeconds }) as const),
      match,
    );
  }

  /**
   * Queues faults in the QBO emulator's notation, one per matching request.
   * @example emulator.faults.enqueue({ type: 'serverError', status: 503 }, { type: 'dropResponse', kinds: ['create'] })
   */
  enqueue(...faults: IntelliTrackQueuedFault[]): this {
    for (const fault of faults) {
      const { spec, match } = fromQueued(fault);
      this.script([spec], match);
    }
    return this;
  }

  /** A 429 storm in the QBO emulator's notation. */
  throttleStorm(count: number, options: { retryAfterSeconds?: number } = {}): this {
    return this.storm(count, options.retryAfterSeconds ?? 1);
  }

  /** Replaces the random rules with rates in the QBO emulator's notation. */
  setRates(rates: IntelliTrackFaultRates): this {
    this.#rules = fromRates(rates);
    return this;
  }

  /** Removes every rule and scripted step. */
  clear(): this {
    this.#rules = [];
    this.#script = [];
    return this;
  }

  /** How many faults of each kind were injected so far. */
  get injected(): Readonly<Partial<Record<IntelliTrackFaultKind, number>>> {
    return Object.fromEntries(this.#injected);
  }

  /** Scripted steps still waiting. */
  get pending(): number {
    return this.#script.length;
  }

  /** The fault for one request, or null. */
  draw(route: IntelliTrackRouteInfo): IntelliTrackFaultSpec | null {
    const at = this.#script.findIndex((s) => matches(s.match, route));
    let fault: IntelliTrackFaultSpec | null = null;
    if (at >= 0) {
      const [entry] = this.#script.splice(at, 1);
      const step = entry?.step ?? null;
      fault = typeof step === 'string' ? { kind: step } : step;
    } else {
      for (const rule of this.#rules) {
        if (matches(rule.match, route) && this.#random.next() < rule.probability) {
          fault = rule;
          break;
        }
      }
    }
    if (fault) this.#injected.set(fault.kind, (this.#injected.get(fault.kind) ?? 0) + 1);
    return fault;
  }
}

function matches(match: IntelliTrackFaultMatch | undefined, route: IntelliTrackRouteInfo): boolean {
  if (!match) return true;
  return (
    (match.method === undefined || match.method === route.method) &&
    (match.kind === undefined || match.kind === route.kind) &&
    (match.resource === undefined || match.resource === route.resource) &&
    (match.kinds === undefined || match.kinds.includes(route.kind))
  );
}
