import { matchesRequest, matchingItem, type QboRequestInfo, type QboRequestMatch } from './fault-match.js';
import type { Random } from './random.js';
import type { FaultError, QboRequestKind } from './types.js';

export type { QboRequestInfo, QboRequestMatch } from './fault-match.js';

/**
 * A failure a single batch item can get while the other items run (QBO answers HTTP 200): the
 * transient 6000 inventory lock, a SystemFault 10000, or any `Fault` body.
 */
export type QboBatchItemFaultKind = 'inventoryLock' | 'systemFault' | { Error: FaultError[]; type?: string };

/** A failure the emulator can inject into a request. */
export type QboInjectedFault =
  /** QBO's own 5xx: a JSON SystemFault 10000; nothing is written. */
  | { type: 'serverError'; status?: 500 | 502 | 503 | 504 }
  /** The proxy in front of QBO answers: 502 nginx HTML, 503 load-balancer HTML, 504 XML fault 6002. */
  | { type: 'gateway'; status?: 502 | 503 | 504 }
  | { type: 'reset' }
  /**
   * The request takes effect, then the connection drops before the answer (a lost answer).
   * `forgetRequestId: true` also leaves its `requestid` out of the replay store, so a retry runs
   * again (QBO's replay window passed, or the answer was never stored): only a lookup finds the write.
   */
  | { type: 'dropResponse'; forgetRequestId?: boolean }
  | { type: 'timeout' }
  | { type: 'latency'; ms: number }
  | { type: 'throttle'; retryAfterSeconds?: number; format?: 'json' | 'xml' }
  /** The transient 6000 "another user was editing … inventory": a write gets it, a batch gets it on every item. */
  | { type: 'inventoryLock' }
  /**
   * A batch runs, but the items at `items` (0-based; default: the first item the rule matched, else
   * item 0) answer `fault` instead of running; the answer is stored for `requestid` replay.
   */
  | { type: 'batchItemFault'; items?: readonly number[]; fault?: QboBatchItemFaultKind }
  /** Any answer: `body` (a string is sent as is, an object as JSON) with `status` and `headers`. */
  | { type: 'custom'; status: number; body: unknown; headers?: Record<string, string> };

/** A scripted fault, optionally only for some kinds of request. */
export type QboScriptedFault = QboInjectedFault & { kinds?: readonly QboRequestKind[] };

/** Probabilities (0..1) of each fault per request; rolled with the emulator's seeded PRNG. */
export interface QboFaultRates {
  serverError?: number;
  /** A proxy error page (502, 503 or 504) instead of QBO's answer. */
  gateway?: number;
  reset?: number;
  timeout?: number;
  throttle?: number;
  /** Only rolled for writes (create, update, delete, void, batch). */
  inventoryLock?: number;
  /** Lost answers: the write takes effect, the connection drops. Only rolled for writes. */
  dropResponse?: number;
  /** One random item of a batch fails (6000 lock or SystemFault), the others run. Batches only. */
  batchItemFault?: number;
  /** Probability of added latency, and how much. */
  latency?: { probability: number; ms: number };
  /** Request kinds the rates apply to. @default every kind except `token` */
  kinds?: readonly QboRequestKind[];
}

const WRITES: readonly QboRequestKind[] = ['create', 'update', 'delete', 'void', 'batch'];
/** Faults that happen in front of QBO, so they also hit a request QBO would answer from its replay store. */
const NETWORK: ReadonlySet<QboInjectedFault['type']> = new Set(['reset', 'timeout', 'latency', 'throttle', 'gateway']);

/** The faults to apply to one request: an optional delay and at most one failure. */
export interface QboFaultDecision {
  latencyMs: number;
  fault: Exclude<QboInjectedFault, { type: 'latency' }> | undefined;
}

interface NthRule {
  nth: number;
  seen: number;
  match: QboRequestMatch;
  fault: QboInjectedFault;
}

/**
 * Decides which requests fail and how: deterministic "k-th matching request" rules first, then
 * scripted sequences (in order, each used once), then the seeded random rates. A request that
 * replays a known `requestid` is answered from QBO's replay store, so only faults in front of QBO
 * (reset, timeout, latency, throttle, gateway) reach it; other faults wait for the next request.
 * Use it through `emulator.faults`.
 * @example
 * emulator.faults.enqueue({ type: 'serverError', status: 503 }, { type: 'reset' });
 * emulator.faults.onNthRequest(2, { operation: 'create', entity: 'InventoryAdjustment', batch: true },
 *   { type: 'batchItemFault', fault: 'inventoryLock' });
 * emulator.faults.setRates({ throttle: 0.05, dropResponse: 0.05, latency: { probability: 0.1, ms: 200 } });
 */
export class QboFaultInjector {
  private script: QboScriptedFault[] = [];
  private rules: NthRule[] = [];
  private rates: QboFaultRates = {};
  /** How many faults (latency included) were applied so far. */
  injected = 0;

  constructor(private readonly random: Random) {}

  /** Appends faults to the script; each is used by the next request it matches (a latency entry only delays it). */
  enqueue(...faults: QboScriptedFault[]): this {
    this.script.push(...faults);
    return this;
  }

  /**
   * Fails the `nth` (1-based) request that matches `match` with `fault`, once. Requests are counted
   * per rule; a replay of a known `requestid` is not counted unless `fault` happens in front of QBO.
   * @throws RangeError when `nth` is not a positive integer
   */
  onNthRequest(nth: number, match: QboRequestMatch, fault: QboInjectedFault): this {
    if (!Number.isInteger(nth) || nth < 1) throw new RangeError(`nth must be a positive integer, got ${nth}`);
    this.rules.push({ nth, seen: 0, match, fault });
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

  /** Removes scripted faults, rules and rates. */
  clear(): this {
    this.script = [];
    this.rules = [];
    this.rates = {};
    return this;
  }

  /** Scripted faults and rules not used yet. */
  get pending(): number {
    return this.script.length + this.rules.length;
  }

  /** @internal Decides the faults of one request (a `kind` alone stands for a request that is no replay). */
  decide(request: QboRequestKind | QboRequestInfo): QboFaultDecision {
    const info: QboRequestInfo =
      typeof request === 'string' ? { method: 'POST', kind: request, replay: false } : request;
    const ruled = this.fromRules(info) ?? this.fromScript(info);
    if (ruled) return this.use(ruled);
    return this.roll(info, { latencyMs: 0, fault: undefined });
  }

  private use(fault: QboInjectedFault): QboFaultDecision {
    this.injected += 1;
    return fault.type === 'latency' ? { latencyMs: fault.ms, fault: undefined } : { latencyMs: 0, fault };
  }

  private fromRules(info: QboRequestInfo): QboInjectedFault | undefined {
    // Every rule counts every request it matches, whichever rule fires.
    const counted = this.rules.filter(
      (r) => (!info.replay || NETWORK.has(r.fault.type)) && matchesRequest(r.match, info),
    );
    for (const rule of counted) rule.seen += 1;
    // A rule that fell due on a request another rule took fires on the next request it matches.
    const due = counted.find((r) => r.seen >= r.nth);
    if (!due) return undefined;
    this.rules.splice(this.rules.indexOf(due), 1);
    if (due.fault.type !== 'batchItemFault' || due.fault.items !== undefined) return due.fault;
    return { ...due.fault, items: [Math.max(0, matchingItem(due.match, info))] };
  }

  private fromScript(info: QboRequestInfo): QboInjectedFault | undefined {
    const index = this.script.findIndex((f) => (!info.replay || NETWORK.has(f.type)) && scripted(f, info.kind));
    if (index < 0) return undefined;
    // Each scripted entry is used by exactly one request.
    const [next] = this.script.splice(index, 1) as [QboScriptedFault];
    const { kinds: _kinds, ...fault } = next;
    return fault as QboInjectedFault;
  }

  private roll(info: QboRequestInfo, decision: QboFaultDecision): QboFaultDecision {
    const r = this.rates;
    const kind = info.kind;
    if (r.kinds ? !r.kinds.includes(kind) : kind === 'token') return decision;
    if (r.latency && this.random.next() < r.latency.probability) {
      decision.latencyMs += r.latency.ms;
      this.injected += 1;
    }
    const write = WRITES.includes(kind) && !info.replay;
    const order: [number | undefined, () => QboFaultDecision['fault']][] = [
      [r.reset, () => ({ type: 'reset' })],
      [r.timeout, () => ({ type: 'timeout' })],
      [info.replay ? undefined : r.serverError, () => ({ type: 'serverError', status: 503 })],
      [r.gateway, () => ({ type: 'gateway', status: this.random.pick([502, 503, 504] as const) })],
      [r.throttle, () => ({ type: 'throttle' })],
      [write ? r.inventoryLock : undefined, () => ({ type: 'inventoryLock' })],
      [write ? r.dropResponse : undefined, () => ({ type: 'dropResponse' })],
      [write && kind === 'batch' ? r.batchItemFault : undefined, () => this.randomItemFault(info)],
    ];
    for (const [p, fault] of order) {
      if (p !== undefined && p > 0 && this.random.next() < p) {
        this.injected += 1;
        decision.fault = fault();
        break;
      }
    }
    return decision;
  }

  private randomItemFault(info: QboRequestInfo): QboFaultDecision['fault'] {
    const count = Math.max(1, info.items?.length ?? 1);
    const fault = this.random.pick<QboBatchItemFaultKind>(['inventoryLock', 'systemFault']);
    return { type: 'batchItemFault', items: [this.random.int(0, count - 1)], fault };
  }
}

function scripted(fault: QboScriptedFault, kind: QboRequestKind): boolean {
  if (fault.kinds) return fault.kinds.includes(kind);
  if (fault.type === 'batchItemFault') return kind === 'batch';
  if (fault.type === 'inventoryLock') return WRITES.includes(kind);
  return kind !== 'token';
}
