/**
 * Access tokens for QBO. {@link TokenProvider} is the port the client uses; {@link StaticTokenProvider}
 * serves a fixed token; {@link IntuitOAuthTokenProvider} refreshes through intuit-oauth's `OAuthClient`
 * and persists every rotated refresh token in a {@link TokenStore} before the new access token is used.
 */
import { z } from 'zod';
import { throwIfAborted } from '../core/abort.js';
import type { AccessTokenSource } from '../core/bearer-auth.js';
import { type Clock, systemClock } from '../core/clock.js';
import {
  AuthenticationError,
  ConfigurationError,
  ConnectionError,
  ReauthorizationRequiredError,
} from '../core/errors.js';
import { type Logger, silentLogger } from '../core/logger.js';
import { createIntuitOAuthClient, type IntuitOAuthApp } from './intuit-oauth.js';

/**
 * Where the client gets bearer tokens. `getAccessToken` returns the current token; `refresh` is
 * called (once, shared by all concurrent requests) after QBO answered 401.
 */
export interface TokenProvider extends AccessTokenSource {
  getAccessToken(signal?: AbortSignal): Promise<string>;
  refresh(signal?: AbortSignal): Promise<unknown>;
}

/**
 * A fixed access token, for tests and for hosts that refresh tokens themselves.
 * @example new QboClient({ realmId, environment: 'sandbox', auth: new StaticTokenProvider(token) })
 */
export class StaticTokenProvider implements TokenProvider {
  readonly #token: () => string | Promise<string>;

  /** @param token The token, or a function returning the current one (re-read after a 401). */
  constructor(token: string | (() => string | Promise<string>)) {
    this.#token = typeof token === 'string' ? () => token : token;
  }

  /** The token. */
  async getAccessToken(): Promise<string> {
    return this.#token();
  }

  /** A static token cannot be refreshed; a function token is simply read again on the next call. */
  async refresh(): Promise<void> {}
}

/** Tokens as persisted by a {@link TokenStore}. Times are epoch milliseconds. */
export interface StoredTokens {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: number;
  refreshTokenExpiresAt?: number;
  realmId?: string;
}

/** Persistence of OAuth tokens (a database row, a secrets manager entry, a file). */
export interface TokenStore {
  /** The latest tokens, or `undefined` when the app was never authorised. */
  load(signal?: AbortSignal): Promise<StoredTokens | undefined>;
  /** Persists rotated tokens; must be durable when it resolves. */
  save(tokens: StoredTokens, signal?: AbortSignal): Promise<void>;
  /**
   * Optional: runs `fn` holding a lock every process sharing the store respects (e.g. a Postgres
   * advisory lock). When present, a refresh runs under it and first re-reads the store, so of
   * several processes whose token expired at once only one calls the token endpoint; the others
   * use the tokens it saved. Without it, refreshes are single-flight within one process only.
   */
  exclusive?<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/** The part of intuit-oauth's `OAuthClient` this provider uses. */
export interface OAuthRefresher {
  refreshUsingToken(refreshToken: string): Promise<{ getJson?: () => unknown; json?: unknown }>;
}

/** Options of {@link IntuitOAuthTokenProvider}: `oauthClient` or `app`. */
export interface IntuitOAuthTokenProviderOptions {
  /** An OAuth client (e.g. intuit-oauth's `OAuthClient`) configured with the app's id, secret and environment. */
  oauthClient?: OAuthRefresher;
  /**
   * The app's credentials, when `oauthClient` is not given: the provider then builds the default
   * client with intuit-oauth (an optional peer dependency), imported on the first refresh only.
   */
  app?: IntuitOAuthApp;
  store: TokenStore;
  /** @default systemClock */
  clock?: Clock;
  /** @default silentLogger */
  logger?: Logger;
  /** Refresh this long before the access token expires. @default 60000 */
  expirySkewMs?: number;
}

const TokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number(),
  x_refresh_token_expires_in: z.number().optional(),
});

/**
 * Refreshes QBO tokens with intuit-oauth (or the OAuth client you pass). Refreshes are single-flight;
 * the rotated refresh token is saved to the store before the new access token is handed out, so a
 * crash never loses it. With `app`, intuit-oauth is imported on the first refresh only.
 * @example
 * const auth = new IntuitOAuthTokenProvider({ app: { clientId, clientSecret, environment: 'sandbox' }, store: myTokenStore });
 * @example
 * import OAuthClient from 'intuit-oauth';
 * const oauthClient = new OAuthClient({ clientId, clientSecret, environment: 'sandbox', redirectUri });
 * const auth = new IntuitOAuthTokenProvider({ oauthClient, store: myTokenStore });
 * const qbo = new QboClient({ realmId, environment: 'sandbox', auth });
 */
export class IntuitOAuthTokenProvider implements TokenProvider {
  readonly #o: IntuitOAuthTokenProviderOptions;
  readonly #clock: Clock;
  readonly #log: Logger;
  #cached: StoredTokens | undefined;
  #inflight: Promise<StoredTokens> | undefined;
  #client: Promise<OAuthRefresher> | undefined;

  /** @throws ConfigurationError when neither `oauthClient` nor `app` is given. */
  constructor(options: IntuitOAuthTokenProviderOptions) {
    if (!options.oauthClient && !options.app) {
      throw new ConfigurationError(
        'IntuitOAuthTokenProvider needs `oauthClient` (your OAuth client) or `app` (clientId, clientSecret, environment).',
      );
    }
    this.#o = options;
    this.#clock = options.clock ?? systemClock;
    this.#log = options.logger ?? silentLogger;
  }

  /**
   * The current access token, refreshed first when it expires within `expirySkewMs`.
   * @throws ReauthorizationRequiredError when no tokens are stored or the refresh token is rejected
   */
  async getAccessToken(signal?: AbortSignal): Promise<string> {
    throwIfAborted(signal);
    const tokens = this.#cached ?? (await this.#load(signal));
    if (this.#fresh(tokens)) return tokens.accessToken;
    return (await this.#refreshOnce()).accessToken;
  }

  /**
   * Exchanges the stored refresh token for new tokens; concurrent calls share one exchange.
   * @throws ReauthorizationRequiredError on `invalid_grant`
   * @throws ConnectionError when the token endpoint cannot be reached
   */
  async refresh(signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    await this.#refreshOnce();
  }

  #refreshOnce(): Promise<StoredTokens> {
    this.#inflight ??= this.#exchangeShared(this.#cached).finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  #fresh(tokens: StoredTokens): boolean {
    return tokens.accessTokenExpiresAt - (this.#o.expirySkewMs ?? 60_000) > this.#clock.now();
  }

  /**
   * Refreshes under the store's cross-process lock when it has one. Inside it the store is read
   * again: when another process rotated the tokens while this one waited (a different access token,
   * not expiring), they are used as they are and the token endpoint is not called.
   */
  async #exchangeShared(stale: StoredTokens | undefined): Promise<StoredTokens> {
    const { store } = this.#o;
    if (store.exclusive === undefined) return await this.#exchange(await this.#load());
    return await store.exclusive(async () => {
      const current = await this.#load();
      if (stale !== undefined && current.accessToken !== stale.accessToken && this.#fresh(current)) return current;
      return await this.#exchange(current);
    });
  }

  async #load(signal?: AbortSignal): Promise<StoredTokens> {
    const tokens = await this.#o.store.load(signal);
    if (!tokens) {
      throw new ReauthorizationRequiredError('No QBO tokens are stored; authorize the app first.', {
        service: 'oauth',
      });
    }
    this.#cached = tokens;
    return tokens;
  }

  /** The OAuth client: the one given, or the default one, built (and intuit-oauth imported) once. */
  #oauthClient(): Promise<OAuthRefresher> {
    const { oauthClient, app } = this.#o;
    if (oauthClient) return Promise.resolve(oauthClient);
    this.#client ??= createIntuitOAuthClient(app as IntuitOAuthApp).catch((error: unknown) => {
      this.#client = undefined;
      throw error;
    });
    return this.#client;
  }

  /** Exchanges `current.refreshToken` (read from the store just before) and saves the rotated tokens. */
  async #exchange(current: StoredTokens): Promise<StoredTokens> {
    const client = await this.#oauthClient();
    let json: unknown;
    try {
      const response = await client.refreshUsingToken(current.refreshToken);
      json = response.getJson?.() ?? response.json;
    } catch (error) {
      throw oauthError(error);
    }
    const parsed = TokenResponseSchema.safeParse(json);
    if (!parsed.success) {
      throw new AuthenticationError('The OAuth token endpoint returned an unusable token response.', {
        service: 'oauth',
      });
    }
    const now = this.#clock.now();
    const next: StoredTokens = {
      accessToken: parsed.data.access_token,
      refreshToken: parsed.data.refresh_token,
      accessTokenExpiresAt: now + parsed.data.expires_in * 1000,
      ...(parsed.data.x_refresh_token_expires_in === undefined
        ? {}
        : { refreshTokenExpiresAt: now + parsed.data.x_refresh_token_expires_in * 1000 }),
      ...(current.realmId === undefined ? {} : { realmId: current.realmId }),
    };
    await this.#o.store.save(next);
    this.#cached = next;
    this.#log.info({ service: 'oauth', accessTokenExpiresAt: next.accessTokenExpiresAt }, 'QBO tokens refreshed');
    return next;
  }
}

/**
 * Converts an intuit-oauth failure into an SDK error. The original error is never kept as `cause`:
 * intuit-oauth attaches its token object (with the refresh token) to it.
 */
function oauthError(error: unknown): Error {
  const e = (error ?? {}) as {
    error?: unknown;
    error_description?: unknown;
    intuit_tid?: unknown;
    authResponse?: { response?: { status?: unknown } };
  };
  const status = typeof e.authResponse?.response?.status === 'number' ? e.authResponse.response.status : undefined;
  const init = {
    service: 'oauth' as const,
    ...(status === undefined ? {} : { status }),
    ...(typeof e.intuit_tid === 'string' && e.intuit_tid !== '' ? { requestId: e.intuit_tid } : {}),
  };
  const code = typeof e.error === 'string' ? e.error : undefined;
  if (code === 'invalid_grant') {
    return new ReauthorizationRequiredError(
      'The QBO refresh token is invalid or expired (invalid_grant); a person must authorize the app again.',
      { ...init, errors: [{ code, message: 'invalid_grant' }] },
    );
  }
  if (status === undefined) {
    return new ConnectionError('Could not reach the OAuth token endpoint.', init);
  }
  return new AuthenticationError(`Token refresh failed with HTTP ${status}${code ? ` (${code})` : ''}.`, init);
}
