import { sleep } from '../../core/abort.js';
import { type Clock, systemClock } from '../../core/clock.js';
import { type EmulatorWrite, type EmulatorWriteAnswer, runBulk } from './bulk.js';
import { IntelliTrackEmulatorData } from './data.js';
import { type IntelliTrackFaultOptions, type IntelliTrackFaultSpec, IntelliTrackFaults } from './faults.js';
import { fingerprint, IdempotencyStore, type StoredResponse } from './idempotency.js';
import { type IntelliTrackLimits, RateLimiter, tooMany } from './limits.js';
import { asProblem, badRequest, IntelliTrackProblem } from './problem.js';
import { SeededRandom } from './random.js';
import { IntelliTrackRequestLog } from './requests.js';
import { matchUrl, type RouteMatch } from './router.js';
import { seedDivision, seedWarehouse, type WarehouseSeed } from './seed.js';
import { WarehouseSimulator } from './simulate.js';
import { EmulatorState } from './state.js';

/** Options of the IntelliTrack emulator. */
export interface IntelliTrackEmulatorOptions {
  /** Drives generated data, the API key and random faults. @default 1 */
  seed?: number;
  /** The API key clients must send as `Authorization: Bearer <key>`. @default derived from `seed` */
  apiKey?: string;
  /** Rate limits (429 with `Retry-After`). @default off */
  limits?: IntelliTrackLimits;
  /** Faults injected from the start; more can be added through `faults`. @default none */
  faults?: IntelliTrackFaultOptions;
  /** Delay added to every answer, fixed or uniformly drawn from a range. @default 0 */
  latencyMs?: number | { min: number; max: number };
  /** Let picks and adjustments take On Hand below zero. @default false */
  allowNegativeStock?: boolean;
  /** Time source of every timestamp and of the rate limiter. @default the system clock */
  clock?: Clock;
  /** Code of the seeded division. @default "MAIN" */
  divisionCode?: string;
  /** Generated master data and open orders in the seeded division. @default none */
  warehouse?: WarehouseSeed;
}

/** A request as the transport layers (node:http, msw) hand it over. */
export interface IntelliTrackEmulatorRequest {
  method: string;
  /** Absolute URL or path with query string. */
  url: string;
  headers: Headers | Readonly<Record<string, string | string[] | undefined>>;
  /** Raw body text ("" when none). */
  body: string;
}

/** What the transport layer must do: answer, destroy the connection, or never answer. */
export type IntelliTrackEmulatorOutcome =
  | { type: 'response'; status: number; headers: Record<string, string>; body: string }
  | { type: 'reset' }
  | { type: 'hang' };

const WRITE_METHODS = new Set(['POST', 'PATCH', 'DELETE']);

/**
 * The in-memory IntelliTrack: state, rules, auth, idempotency, limits, faults and request counting,
 * independent of any transport. {@link startIntelliTrackEmulator} serves it over node:http and
 * `createIntelliTrackEmulatorHandlers` (`qbo-intellitrack-sync/testing/msw`) over msw.
 * @example
 * const core = new IntelliTrackEmulatorCore({ seed: 7 });
 * const server = setupServer(...createIntelliTrackEmulatorHandlers(core, { baseUrl: 'http://it.test' }));
 */
export class IntelliTrackEmulatorCore {
  readonly state: EmulatorState;
  readonly random: SeededRandom;
  readonly apiKey: string;
  /** Id of the seeded division. */
  readonly divisionId: string;
  readonly faults: IntelliTrackFaults;
  readonly requests = new IntelliTrackRequestLog();
  readonly data: IntelliTrackEmulatorData;
  readonly simulate: WarehouseSimulator;
  readonly #limiter: RateLimiter;
  readonly #idempotency: IdempotencyStore;
  readonly #latency: number | { min: number; max: number };
  #requestSeq = 0;
  readonly #runBulk = (body: unknown) =>
    runBulk(body, { execute: (write) => this.#execute(write), operations: this.requests.operations });

  constructor(options: IntelliTrackEmulatorOptions = {}) {
    const clock = options.clock ?? systemClock;
    this.random = new SeededRandom(options.seed ?? 1);
    this.apiKey = options.apiKey ?? `itk_test_${this.random.hex(32)}`;
    this.state = new EmulatorState(clock, { allowNegativeStock: options.allowNegativeStock ?? false });
    this.divisionId = seedDivision(this.state, options.divisionCode).id;
    if (options.warehouse) seedWarehouse(this.state, this.random, this.divisionId, options.warehouse);
    this.faults = new IntelliTrackFaults(this.random, options.faults);
    this.#limiter = new RateLimiter(options.limits ?? {}, clock);
    this.#idempotency = new IdempotencyStore(clock);
    this.#latency = options.latencyMs ?? 0;
    this.data = new IntelliTrackEmulatorData(this.state, this.random);
    this.simulate = new WarehouseSimulator(this.state, this.random, this.divisionId);
  }

  /** Answers one HTTP request (after faults, latency, auth, limits and idempotency). */
  async handle(request: IntelliTrackEmulatorRequest): Promise<IntelliTrackEmulatorOutcome> {
    const requestId = `req_${(++this.#requestSeq).toString(36).padStart(6, '0')}`;
    const url = new URL(request.url, 'http://emulator.invalid');
    const route = matchUrl(request.method, url);
    this.requests.record({ method: route.method, kind: route.kind, resource: route.resource });
    const fault = this.faults.draw(route);
    if (fault?.kind === 'reset') return { type: 'reset' };
    if (fault?.kind === 'timeout') return { type: 'hang' };
    const outcome = await this.#answer({ request, url, route, fault, requestId });
    return fault?.kind === 'lost-response' ? { type: 'reset' } : outcome;
  }

  async #answer(ctx: {
    request: IntelliTrackEmulatorRequest;
    url: URL;
    route: RouteMatch;
    fault: IntelliTrackFaultSpec | null;
    requestId: string;
  }): Promise<IntelliTrackEmulatorOutcome> {
    const instance = ctx.url.pathname;
    let release: (() => void) | undefined;
    try {
      if (ctx.fault?.kind === 'server-error') throw serverError(ctx.fault.status ?? 503);
      if (ctx.fault?.kind === 'rate-limit') throw tooMany(ctx.fault.retryAfterSeconds ?? 1, 'injected');
      this.#authenticate(ctx.request.headers);
      // admitted before the latency so that slow answers count against maxInFlight
      release = this.#limiter.admit();
      const delay = this.#delay() + (ctx.fault?.kind === 'latency' ? (ctx.fault.latencyMs ?? 200) : 0);
      if (delay > 0) await sleep(delay);
      return this.#dispatch(ctx.request, ctx.url, ctx.route, ctx.requestId);
    } catch (error) {
      return problemResponse(error, instance, ctx.requestId);
    } finally {
      release?.();
    }
  }

  #dispatch(
    request: IntelliTrackEmulatorRequest,
    url: URL,
    route: RouteMatch,
    requestId: string,
  ): IntelliTrackEmulatorOutcome {
    const body = parseJson(request.body, WRITE_METHODS.has(route.method));
    const key = header(request.headers, 'idempotency-key');
    if (route.method === 'POST' && route.kind !== 'unknown' && !key) {
      throw badRequest('idempotency-key-required', 'Every POST needs an Idempotency-Key header.');
    }
    const ifMatch = header(request.headers, 'if-match');
    const { response, replayed } = this.#execute({ route, url, body, key, ifMatch });
    const headers = { ...response.headers, ...(replayed ? { 'idempotent-replayed': 'true' } : {}) };
    return { type: 'response', ...response, headers: { ...headers, 'x-request-id': requestId } };
  }

  /**
   * Runs one write or read, alone or as an operation of a bulk request: a write with an
   * `Idempotency-Key` replays the answer stored under it (422 when the key was used for another
   * request), else the route runs its rules and a success is stored under the key.
   */
  #execute(write: EmulatorWrite): EmulatorWriteAnswer {
    const { route, url, key } = write;
    const keyed = key !== undefined && key !== '' && WRITE_METHODS.has(route.method) && route.kind !== 'unknown';
    const print = keyed ? fingerprint(route.method, url.pathname, write.body) : '';
    const stored = keyed ? this.#idempotency.lookup(key, print) : undefined;
    if (stored) return { response: stored, replayed: true };
    const result = route.run({
      state: this.state,
      query: url.searchParams,
      body: write.body,
      ifMatch: write.ifMatch,
      runBulk: this.#runBulk,
    });
    const response: StoredResponse = {
      status: result.status,
      headers: { ...(result.body === undefined ? {} : { 'content-type': 'application/json' }), ...result.headers },
      body: result.body === undefined ? '' : JSON.stringify(result.body),
    };
    if (keyed && result.status < 300) this.#idempotency.store(key, print, response);
    return { response, replayed: false };
  }

  #authenticate(headers: IntelliTrackEmulatorRequest['headers']): void {
    const auth = header(headers, 'authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(auth);
    if (match?.[1]?.trim() === this.apiKey) return;
    throw new IntelliTrackProblem({
      status: 401,
      slug: 'unauthorized',
      title: 'Unauthorized',
      detail: auth ? 'The API key is not valid.' : 'Send the API key as "Authorization: Bearer <key>".',
      headers: { 'www-authenticate': 'Bearer realm="intellitrack"' },
    });
  }

  #delay(): number {
    const l = this.#latency;
    return typeof l === 'number' ? l : l.min + this.random.next() * (l.max - l.min);
  }
}

function parseJson(text: string, allowed: boolean): unknown {
  if (text.trim() === '') return undefined;
  if (!allowed) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('malformed-json', 'The request body is not valid JSON.');
  }
}

function header(headers: IntelliTrackEmulatorRequest['headers'], name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function serverError(status: number): IntelliTrackProblem {
  return new IntelliTrackProblem({
    status,
    slug: 'server-error',
    title: status === 503 ? 'Service Unavailable' : 'Server Error',
    detail: 'IntelliTrack could not process the request; try again later.',
    ...(status === 503 ? { headers: { 'retry-after': '1' } } : {}),
  });
}

function problemResponse(error: unknown, instance: string, requestId: string): IntelliTrackEmulatorOutcome {
  const problem = asProblem(error);
  return {
    type: 'response',
    status: problem.status,
    headers: { 'content-type': 'application/problem+json', ...problem.headers, 'x-request-id': requestId },
    body: JSON.stringify(problem.toBody(instance)),
  };
}
