import { type Clock, systemClock } from '../../core/clock.js';
import { InvalidArgumentError } from '../../core/errors.js';
import { meteringMonth } from '../../qbo/metering.js';
import { type RoutedCall, routeApi } from './api-router.js';
import { blockingAnswer, type FaultAnswerContext, itemFault, requestInfo, throttled } from './fault-answers.js';
import {
  authenticationFailedBody,
  authorizationFailedBody,
  QboFault,
  WWW_AUTHENTICATE_INVALID_TOKEN,
} from './fault-bodies.js';
import { QboFaultInjector, type QboInjectedFault } from './faults.js';
import { delay, jsonResponse } from './http-util.js';
import { QBO_DEFAULT_LIMITS, type QboLimits, RealmLimiter } from './limits.js';
import { allowanceBlocked, type EmulatedUsage, RealmMeter } from './metering.js';
import { OAuthServer, type QboOAuthOptions } from './oauth.js';
import { routeOAuth } from './oauth-routes.js';
import { createRandom, type Random } from './random.js';
import { type QboDefaultAccounts, setUpRealm } from './realm-setup.js';
import { QboRequestLog } from './request-log.js';
import { RealmStore } from './store.js';
import { formatQboResponseTime } from './time.js';
import type { EmulatorRequest, EmulatorResponse, QboRequestKind } from './types.js';
import { type QboWebhookOptions, QboWebhookSender } from './webhooks.js';

/** Options of the QBO emulator. */
export interface QboEmulatorOptions {
  /** Drives ids, tokens, generated data and random faults. @default 1 */
  seed?: number;
  /** Id of the first company. @default derived from the seed */
  realmId?: string;
  /** Time source for MetaData, token expiry, throttling windows and CDC. @default the wall clock */
  clock?: Clock;
  /** UTC offset of the companies' time zone, in minutes. @default -420 (US Pacific, summer) */
  timeZoneOffsetMinutes?: number;
  /** Throttling per company; `false` turns it off (benchmarks). @default Intuit's limits */
  limits?: Partial<QboLimits> | false;
  /** Token server settings. */
  oauth?: QboOAuthOptions;
  /** Body format of 429 answers; QBO answers XML even to JSON clients, as recorded. @default 'xml' */
  throttleFormat?: 'json' | 'xml';
  /** Append " (deleted)" to names of inactive name-list records, as QBO does. @default true */
  deletedSuffix?: boolean;
  /** Whether new companies track inventory quantities (Preferences). @default true */
  trackInventory?: boolean;
  /** Post signed change notifications to this URL. */
  webhooks?: QboWebhookOptions;
  /** Token used to sign webhooks. @default derived from the seed */
  webhookVerifierToken?: string;
  /**
   * CorePlus calls (2xx reads, queries, CDC; each successful query of a batch) the app may make per
   * calendar month, summed over every company of the emulator as Intuit meters an app; past it every
   * company's CorePlus calls are answered 429 until the month changes. @default unlimited
   */
  monthlyAllowance?: number;
  /** Milliseconds added before every API answer (network and QBO latency). @default 0 */
  latencyMs?: number;
}

/** A company of the emulator. */
export interface QboEmulatedRealm {
  realmId: string;
  /** A refresh token for this company (use it at the token endpoint). */
  refreshToken: string;
  /** Accounts the company starts with. */
  accounts: QboDefaultAccounts;
}

/**
 * The transport-neutral heart of the QBO emulator: companies, token server, throttles, fault
 * injection, request log and webhooks. `startQboEmulator` serves it over HTTP;
 * `createQboEmulatorHandlers` serves it through msw.
 * @example
 * const core = new QboEmulatorCore({ seed: 1, oauth: { acceptAnyBearer: true } });
 * new QboEmulatorData(core).seedCompany({ items: 100 });
 * const server = setupServer(...createQboEmulatorHandlers(core));
 */
export class QboEmulatorCore {
  readonly clock: Clock;
  readonly random: Random;
  readonly oauth: OAuthServer;
  readonly faults: QboFaultInjector;
  readonly requests = new QboRequestLog();
  readonly realms = new Map<
    string,
    { store: RealmStore; limiter: RealmLimiter; meter: RealmMeter; info: QboEmulatedRealm }
  >();
  readonly webhookVerifierToken: string;
  readonly webhooks: QboWebhookSender | undefined;
  readonly defaultRealmId: string;
  private readonly options: QboEmulatorOptions;
  private readonly limits: QboLimits | false;
  private tid = 0;

  constructor(options: QboEmulatorOptions = {}) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.random = createRandom(options.seed ?? 1);
    this.oauth = new OAuthServer(options.oauth ?? {}, this.clock, this.random);
    this.faults = new QboFaultInjector(createRandom((options.seed ?? 1) ^ 0x5eed));
    this.limits = options.limits === false ? false : { ...QBO_DEFAULT_LIMITS, ...options.limits };
    this.webhookVerifierToken = options.webhookVerifierToken ?? this.random.hex(36);
    this.webhooks = options.webhooks
      ? new QboWebhookSender(
          options.webhooks,
          this.webhookVerifierToken,
          this.offsetMinutes,
          createRandom(options.seed ?? 1),
        )
      : undefined;
    this.defaultRealmId = this.addRealm(options.realmId === undefined ? {} : { realmId: options.realmId }).realmId;
  }

  get offsetMinutes(): number {
    return this.options.timeZoneOffsetMinutes ?? -420;
  }

  /** The seed the emulator was created with. */
  get seed(): number {
    return this.options.seed ?? 1;
  }

  get rules(): { deletedSuffix: boolean } {
    return { deletedSuffix: this.options.deletedSuffix ?? true };
  }

  /** Adds a company. @throws InvalidArgumentError when the id is taken or not numeric. */
  addRealm(options: { realmId?: string; companyName?: string } = {}): QboEmulatedRealm {
    const realmId = options.realmId ?? `9341${String(this.random.int(100_000_000_000, 999_999_999_999))}`;
    if (!/^\d+$/.test(realmId)) throw new InvalidArgumentError(`realmId must be numeric, got "${realmId}"`);
    if (this.realms.has(realmId)) throw new InvalidArgumentError(`realm ${realmId} already exists`);
    const store = new RealmStore({ realmId, clock: this.clock, offsetMinutes: this.offsetMinutes });
    const companyName = options.companyName ?? `Emulated Company ${this.realms.size + 1}`;
    const accounts = setUpRealm(
      store,
      { companyName, trackInventory: this.options.trackInventory ?? true },
      this.rules,
    );
    if (this.webhooks) store.listeners.add((event) => this.webhooks?.push(event));
    const info: QboEmulatedRealm = { realmId, refreshToken: this.oauth.issueRefreshToken(realmId), accounts };
    const limiter = new RealmLimiter(this.limits || QBO_DEFAULT_LIMITS);
    this.realms.set(realmId, { store, limiter, meter: new RealmMeter(), info });
    return info;
  }

  /** A company's metered calls this month (see `monthlyAllowance`). @throws InvalidArgumentError for an unknown realm. */
  usage(realmId: string = this.defaultRealmId): EmulatedUsage {
    const realm = this.realms.get(realmId);
    if (!realm) throw new InvalidArgumentError(`unknown realm ${realmId}`);
    return realm.meter.usage(this.clock.now());
  }

  /** The app's metered calls this month: every company's, summed (what `monthlyAllowance` limits). */
  appUsage(): EmulatedUsage {
    const now = this.clock.now();
    const total = { month: meteringMonth(now), corePlus: 0, core: 0 };
    for (const { meter } of this.realms.values()) {
      const usage = meter.usage(now);
      total.corePlus += usage.corePlus;
      total.core += usage.core;
    }
    return total;
  }

  /** The store of a company. @throws InvalidArgumentError for an unknown realm. */
  store(realmId: string = this.defaultRealmId): RealmStore {
    const realm = this.realms.get(realmId);
    if (!realm) throw new InvalidArgumentError(`unknown realm ${realmId}`);
    return realm.store;
  }

  private time(): string {
    return formatQboResponseTime(this.clock.now(), this.offsetMinutes);
  }

  private nextTid(): string {
    this.tid += 1;
    return `1-emu${String(this.tid).padStart(8, '0')}-${this.random.hex(12)}`;
  }

  private answerContext(): FaultAnswerContext {
    return { time: this.time(), throttleFormat: this.options.throttleFormat ?? 'xml' };
  }

  /** Answers one HTTP request. */
  async handle(req: EmulatorRequest): Promise<EmulatorResponse> {
    const segments = req.url.pathname.split('/').filter(Boolean);
    const tid = this.nextTid();
    let kind: QboRequestKind = 'other';
    let write = false;
    let realmId: string | undefined;
    let res: EmulatorResponse;
    if (segments[0] === 'v3' && segments[1] === 'company' && segments[2] !== undefined) {
      realmId = segments[2];
      const out = await this.handleApi(req, realmId, segments.slice(3));
      kind = out.kind;
      write = out.write;
      res = out.res;
    } else {
      const out = await routeOAuth(req, this);
      kind = out.kind;
      res = out.res;
    }
    if (res.kind === 'http') res.headers.intuit_tid = tid;
    this.requests.record({
      kind,
      write,
      method: req.method,
      path: req.url.pathname,
      realmId,
      status: res.kind === 'http' ? res.status : 0,
    });
    return res;
  }

  private async handleApi(
    req: EmulatorRequest,
    realmId: string,
    rest: string[],
  ): Promise<{ kind: QboRequestKind; write: boolean; res: EmulatorResponse }> {
    const realm = this.realms.get(realmId);
    const access = this.oauth.checkAccess(req.headers.authorization, realmId);
    if (!access.ok && access.status === 401) {
      const body = authenticationFailedBody(this.clock.now(), access.detail);
      return {
        kind: 'other',
        write: false,
        res: jsonResponse(401, body, { 'www-authenticate': WWW_AUTHENTICATE_INVALID_TOKEN }),
      };
    }
    if (!access.ok || !realm) {
      return { kind: 'other', write: false, res: jsonResponse(403, authorizationFailedBody(this.clock.now())) };
    }
    const call = routeApi(realm.store, req, rest, this.rules);
    const logged = { kind: call.kind, write: call.write && call.queriesOnly !== true };
    if (this.limits && !realm.limiter.tryAcquire(this.clock.now(), call.kind === 'batch')) {
      return { ...logged, res: throttled(this.answerContext(), this.limits.retryAfterSeconds) };
    }
    try {
      const latency = this.options.latencyMs ?? 0;
      if (latency > 0) await delay(latency);
      const reads = !call.write || call.queriesOnly === true;
      const allowance = this.options.monthlyAllowance;
      if (reads && allowance !== undefined && this.appUsage().corePlus >= allowance) {
        return { ...logged, res: allowanceBlocked(this.time()) };
      }
      const replay = this.replayOf(realm.store, req, call);
      const decision = this.faults.decide(requestInfo(req, call, replay !== undefined));
      if (decision.latencyMs > 0) await delay(decision.latencyMs);
      const res = this.answer(realm.store, req, call, decision.fault, replay);
      realm.meter.count(this.clock.now(), call, res);
      return { ...logged, res };
    } finally {
      if (this.limits) realm.limiter.release();
    }
  }

  /** The stored answer of a write whose `requestid` QBO has seen. */
  private replayOf(
    store: RealmStore,
    req: EmulatorRequest,
    call: RoutedCall,
  ): { status: number; body: string } | undefined {
    const requestId = call.write ? req.url.searchParams.get('requestid') : null;
    return requestId ? store.replays.get(requestId) : undefined;
  }

  /**
   * Faults in front of QBO answer first; then a known `requestid` replays its stored answer, as QBO
   * does; else the call runs (with its per-item faults) and a lost answer drops the connection after.
   */
  private answer(
    store: RealmStore,
    req: EmulatorRequest,
    call: RoutedCall,
    fault: QboInjectedFault | undefined,
    replay: { status: number; body: string } | undefined,
  ): EmulatorResponse {
    const blocked = blockingAnswer(this.answerContext(), fault, req, call);
    if (blocked) return blocked;
    if (replay) return jsonResponse(replay.status, replay.body);
    const itemFaults =
      fault?.type === 'batchItemFault'
        ? new Map((fault.items ?? [0]).map((i) => [i, itemFault(fault.fault)] as const))
        : undefined;
    const res = this.execute(store, req, call, itemFaults);
    if (fault?.type !== 'dropResponse') return res;
    const requestId = req.url.searchParams.get('requestid');
    if (fault.forgetRequestId === true && requestId) store.replays.delete(requestId);
    return { kind: 'reset' };
  }

  private execute(
    store: RealmStore,
    req: EmulatorRequest,
    call: RoutedCall,
    itemFaults?: ReadonlyMap<number, QboFault>,
  ): EmulatorResponse {
    const requestId = call.write ? req.url.searchParams.get('requestid') : null;
    let status = 200;
    let body: string;
    try {
      body = JSON.stringify({ ...call.run(itemFaults), time: this.time() });
    } catch (error) {
      if (!(error instanceof QboFault)) throw error;
      status = error.status;
      body = JSON.stringify({ Fault: error.toFault(), time: this.time() });
    }
    if (requestId) {
      if (store.replays.size >= 100_000) store.replays.delete(store.replays.keys().next().value as string);
      store.replays.set(requestId, { status, body });
    }
    return jsonResponse(status, body);
  }
}
