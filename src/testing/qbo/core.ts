import { type Clock, systemClock } from '../../core/clock.js';
import { InvalidArgumentError } from '../../core/errors.js';
import { routeApi } from './api-router.js';
import { failEveryItem } from './batch.js';
import {
  authenticationFailedBody,
  authorizationFailed,
  inventoryLock,
  QboFault,
  systemFault,
  throttleJson,
  throttleXml,
} from './fault-bodies.js';
import { type QboFaultDecision, QboFaultInjector } from './faults.js';
import { delay, jsonResponse } from './http-util.js';
import { QBO_DEFAULT_LIMITS, type QboLimits, RealmLimiter } from './limits.js';
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
  /** Body format of 429 answers; QBO has been seen answering XML even to JSON clients. @default 'json' */
  throttleFormat?: 'json' | 'xml';
  /** Append " (deleted)" to names of inactive name-list records, as QBO does. @default true */
  deletedSuffix?: boolean;
  /** Whether new companies track inventory quantities (Preferences). @default true */
  trackInventory?: boolean;
  /** Post signed change notifications to this URL. */
  webhooks?: QboWebhookOptions;
  /** Token used to sign webhooks. @default derived from the seed */
  webhookVerifierToken?: string;
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
  readonly realms = new Map<string, { store: RealmStore; limiter: RealmLimiter; info: QboEmulatedRealm }>();
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
    this.realms.set(realmId, { store, limiter: new RealmLimiter(this.limits || QBO_DEFAULT_LIMITS), info });
    return info;
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

  private faultResponse(fault: QboFault): EmulatorResponse {
    return jsonResponse(fault.status, { Fault: fault.toFault(), time: this.time() });
  }

  private throttled(retryAfterSeconds: number | undefined, format?: 'json' | 'xml'): EmulatorResponse {
    const headers: Record<string, string> =
      retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
    if ((format ?? this.options.throttleFormat) === 'xml') {
      return {
        kind: 'http',
        status: 429,
        headers: { 'content-type': 'application/xml', ...headers },
        body: throttleXml(this.time()),
      };
    }
    return jsonResponse(429, throttleJson(this.time()), headers);
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
      return {
        kind: 'other',
        write: false,
        res: jsonResponse(401, authenticationFailedBody(this.clock.now(), access.detail)),
      };
    }
    if (!access.ok || !realm) return { kind: 'other', write: false, res: this.faultResponse(authorizationFailed()) };
    const call = routeApi(realm.store, req, rest, this.rules);
    const logged = { kind: call.kind, write: call.write && call.queriesOnly !== true };
    if (this.limits && !realm.limiter.tryAcquire(this.clock.now(), call.kind === 'batch')) {
      return { ...logged, res: this.throttled(this.limits.retryAfterSeconds) };
    }
    try {
      const decision = this.faults.decide(call.kind);
      if (decision.latencyMs > 0) await delay(decision.latencyMs);
      if (decision.fault?.type === 'inventoryLock' && call.kind === 'batch') {
        return { ...logged, res: this.lockedBatch(req) };
      }
      if (decision.fault?.type === 'dropResponse') {
        this.execute(realm.store, req, call);
        return { ...logged, res: { kind: 'reset' } };
      }
      const injected = this.injected(decision);
      if (injected) return { ...logged, res: injected };
      return { ...logged, res: this.execute(realm.store, req, call) };
    } finally {
      if (this.limits) realm.limiter.release();
    }
  }

  /** QBO reports the transient inventory lock per batch item, inside an HTTP 200. */
  private lockedBatch(req: EmulatorRequest): EmulatorResponse {
    let body: unknown;
    try {
      body = JSON.parse(req.body);
    } catch {
      body = undefined;
    }
    return jsonResponse(200, { ...failEveryItem(body, inventoryLock()), time: this.time() });
  }

  private injected(decision: QboFaultDecision): EmulatorResponse | undefined {
    const fault = decision.fault;
    if (!fault) return undefined;
    if (fault.type === 'reset' || fault.type === 'dropResponse') return { kind: 'reset' };
    if (fault.type === 'timeout') return { kind: 'hang' };
    if (fault.type === 'serverError') return this.faultResponse(systemFault(fault.status ?? 503));
    if (fault.type === 'throttle') return this.throttled(fault.retryAfterSeconds, fault.format);
    return this.faultResponse(inventoryLock());
  }

  private execute(store: RealmStore, req: EmulatorRequest, call: ReturnType<typeof routeApi>): EmulatorResponse {
    const requestId = call.write ? req.url.searchParams.get('requestid') : null;
    const replay = requestId ? store.replays.get(requestId) : undefined;
    if (replay) return jsonResponse(replay.status, replay.body);
    let status = 200;
    let body: string;
    try {
      body = JSON.stringify({ ...call.run(), time: this.time() });
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
