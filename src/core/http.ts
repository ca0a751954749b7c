/**
 * A small, service-neutral HTTP transport on ky: injected fetch, base URL, default headers,
 * per-attempt timeout, retries (p-retry) decided by a service classifier, `Retry-After`, bearer auth
 * with single-flight refresh on 401, an optional per-attempt gate (rate limiter), a service error
 * factory, and redacted logging. Both the QBO and the IntelliTrack clients are built on it.
 */
import ky, { TimeoutError as KyTimeoutError } from 'ky';
import pRetry from 'p-retry';
import { sleep, throwIfAborted, toAbortError } from './abort.js';
import { type Clock, systemClock } from './clock.js';
import { type ApiError, ConnectionError, InvalidArgumentError, RateLimitError, TimeoutError } from './errors.js';
import { type HttpRequest, type HttpResponse, type HttpTransportOptions, isTransientError } from './http-types.js';
import { type Logger, silentLogger } from './logger.js';
import { redactUrl } from './redact.js';
import { backoffDelay, parseRetryAfter, type RetryPolicy, resolveRetryPolicy } from './retry.js';
import { type CallProbe, CallTelemetry } from './telemetry/call-telemetry.js';
import { checkHeaderValue, encodeComponent, loneSurrogateIndex } from './wire-safety.js';

export type {
  HttpErrorContext,
  HttpMethod,
  HttpRequest,
  HttpResponse,
  HttpTransportOptions,
} from './http-types.js';
export { errorInitFrom, isTransientError } from './http-types.js';

interface CallState extends CallProbe {
  readonly req: HttpRequest;
  readonly url: string;
  readonly safeUrl: string;
}

/**
 * Sends requests with retries, auth, gating and logging.
 * @example
 * const http = new HttpTransport({
 *   service: 'intellitrack', baseUrl: 'http://127.0.0.1:8080', fetch, logger,
 *   auth: new BearerAuth(tokens),
 *   errorFactory: (ctx) => new ApiError(`HTTP ${ctx.status}`, errorInitFrom(ctx)),
 * });
 * const { data } = await http.send({ method: 'GET', path: '/items', signal });
 */
export class HttpTransport {
  readonly #o: HttpTransportOptions;
  readonly #policy: Required<RetryPolicy>;
  readonly #ky: typeof ky;
  readonly #log: Logger;
  readonly #clock: Clock;
  readonly #hints = new WeakMap<Error, number>();
  readonly #telemetry: CallTelemetry;

  constructor(options: HttpTransportOptions) {
    this.#o = options;
    this.#policy = resolveRetryPolicy(options.retry);
    this.#log = options.logger ?? silentLogger;
    this.#clock = options.clock ?? systemClock;
    this.#telemetry = new CallTelemetry(options);
    this.#ky = ky.create({
      fetch: options.fetch ?? globalThis.fetch,
      retry: 0,
      throwHttpErrors: false,
    });
  }

  /**
   * Sends `request`, retrying transient failures (only for GET or when an idempotency key is set).
   * @throws an error of the service's error factory, ConnectionError, TimeoutError or AbortError;
   *   InvalidArgumentError (a query value with a lone surrogate) or ConfigurationError (a header value
   *   with a line break) before anything is sent, never retried
   */
  async send(request: HttpRequest): Promise<HttpResponse> {
    throwIfAborted(request.signal);
    const url = this.#buildUrl(request);
    const state: CallState = {
      ...this.#telemetry.probe(request),
      req: request,
      url,
      safeUrl: redactUrl(url, this.#o.secretParams),
    };
    const repeatable = request.method === 'GET' || request.idempotencyKey !== undefined;
    const retries = repeatable ? (request.maxRetries ?? this.#policy.maxRetries) : 0;
    return this.#telemetry.trace(request, state, () => this.#retrying(state, retries));
  }

  async #retrying(state: CallState, retries: number): Promise<HttpResponse> {
    const request = state.req;
    try {
      return await pRetry(() => this.#attempt(state), {
        retries,
        minTimeout: 0,
        maxTimeout: 0,
        factor: 1,
        randomize: false,
        ...(request.signal ? { signal: request.signal } : {}),
        onFailedAttempt: (error) => this.#beforeRetry(error, state),
      });
    } catch (error) {
      if (request.signal?.aborted) throw toAbortError(request.signal);
      throw error;
    }
  }

  async #beforeRetry(error: Error & { retriesLeft: number }, state: CallState): Promise<void> {
    const retryable = isApiError(error) && (this.#o.isRetryable ?? isTransientError)(error);
    if (!retryable || error.retriesLeft <= 0) throw error;
    const hinted =
      this.#o.retryDelay?.(error) ??
      this.#hints.get(error) ??
      (error instanceof RateLimitError ? error.retryAfterMs : undefined);
    if (hinted !== undefined && hinted > this.#policy.maxRetryAfterMs) throw error;
    const delayMs = hinted ?? backoffDelay(state.attempts, this.#policy, this.#o.random);
    this.#o.onRetryWait?.(error, delayMs);
    this.#telemetry.retry(state, error, delayMs);
    this.#log.warn(
      { service: this.#o.service, method: state.req.method, url: state.safeUrl, error: error.name, delayMs },
      'retrying request',
    );
    const signal = state.req.signal;
    await (this.#clock.sleep ? this.#clock.sleep(delayMs, signal) : sleep(delayMs, signal));
  }

  async #attempt(state: CallState): Promise<HttpResponse> {
    state.attempts += 1;
    const auth = this.#o.auth;
    // At most one refresh per attempt: a refresh that failed transiently is tried again on the next attempt.
    let refreshed = false;
    for (;;) {
      const token = auth ? await auth.token(state.req.signal) : undefined;
      const response = await this.#exchange(state, token);
      if (response.status === 401 && auth && token !== undefined && !refreshed) {
        refreshed = true;
        await auth.onUnauthorized(token, state.req.signal);
        continue;
      }
      return this.#finish(state, response);
    }
  }

  async #exchange(state: CallState, token: string | undefined): Promise<Response & { bodyText: string }> {
    const { req } = state;
    // Built outside the try: a header that cannot be sent is the caller's bug, not a connection failure.
    const headers = this.#headers(req, token);
    const gated = this.#clock.now();
    const release = this.#o.gate ? await this.#o.gate(req, req.signal) : undefined;
    const started = this.#clock.now();
    state.throttleWaitMs += started - gated;
    state.status = undefined;
    try {
      const response = await this.#ky(state.url, {
        method: req.method,
        headers,
        ...(req.json === undefined ? {} : { body: JSON.stringify(req.json) }),
        timeout: req.timeoutMs ?? this.#o.timeoutMs ?? 60_000,
        ...(req.signal ? { signal: req.signal } : {}),
      });
      const bodyText = await response.text();
      state.status = response.status;
      this.#telemetry.exchange(state, response.status);
      this.#log.debug(
        {
          service: this.#o.service,
          method: req.method,
          url: state.safeUrl,
          status: response.status,
          durationMs: this.#clock.now() - started,
          requestId: this.#requestId(response.headers),
          attempt: state.attempts,
        },
        'http response',
      );
      return Object.assign(response, { bodyText });
    } catch (error) {
      const failure = this.#transportError(error, state);
      if (state.status === undefined) this.#telemetry.exchange(state, undefined, failure);
      throw failure;
    } finally {
      release?.();
    }
  }

  #finish(state: CallState, response: Response & { bodyText: string }): HttpResponse {
    const data = parseBody(response.headers, response.bodyText);
    const requestId = this.#requestId(response.headers);
    if (response.ok) {
      return {
        status: response.status,
        headers: response.headers,
        data,
        url: state.safeUrl,
        requestId,
        attempts: state.attempts,
      };
    }
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.#clock.now());
    const error = this.#o.errorFactory({
      service: this.#o.service,
      method: state.req.method,
      url: state.safeUrl,
      status: response.status,
      headers: response.headers,
      text: response.bodyText,
      data,
      requestId,
      retryAfterMs,
    });
    if (retryAfterMs !== undefined) this.#hints.set(error, retryAfterMs);
    throw error;
  }

  #transportError(error: unknown, state: CallState): Error {
    const { req } = state;
    if (req.signal?.aborted) return toAbortError(req.signal);
    if (isApiError(error)) return error;
    const init = { service: this.#o.service, method: req.method, url: state.safeUrl };
    if (error instanceof KyTimeoutError) {
      // ky's error holds the Request (and its Authorization header), so it is not kept as cause.
      return new TimeoutError(`${req.method} ${state.safeUrl} timed out`, init);
    }
    const cause = error instanceof Error ? (error.cause ?? error.message) : String(error);
    return new ConnectionError(`${req.method} ${state.safeUrl} failed: connection error`, { ...init, cause });
  }

  #headers(req: HttpRequest, token: string | undefined): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json', ...this.#o.headers, ...req.headers };
    if (req.json !== undefined) headers['content-type'] ??= 'application/json';
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    const key = this.#o.idempotencyKey ?? { in: 'header', name: 'Idempotency-Key' };
    if (req.idempotencyKey !== undefined && key.in === 'header') headers[key.name] = req.idempotencyKey;
    for (const [name, value] of Object.entries(headers)) checkHeaderValue(name, value);
    return headers;
  }

  #buildUrl(req: HttpRequest): string {
    const query: Record<string, string | number | boolean | undefined> = { ...req.query };
    const key = this.#o.idempotencyKey;
    if (req.idempotencyKey !== undefined && key?.in === 'query') query[key.name] = req.idempotencyKey;
    const pairs = Object.entries(query)
      .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
      .map(
        ([k, v]) =>
          `${encodeComponent(k, 'A query parameter name')}=${encodeComponent(String(v), `Query parameter ${k}`)}`,
      );
    if (loneSurrogateIndex(req.path) >= 0)
      throw new InvalidArgumentError(`Path ${req.path} holds a lone UTF-16 surrogate`);
    return `${this.#o.baseUrl}${req.path}${pairs.length > 0 ? `?${pairs.join('&')}` : ''}`;
  }

  #requestId(headers: Headers): string | undefined {
    return headers.get(this.#o.requestIdHeader ?? 'x-request-id') ?? undefined;
  }
}

function isApiError(error: unknown): error is ApiError {
  return error instanceof Error && 'service' in error && 'errors' in error;
}

function parseBody(headers: Headers, text: string): unknown {
  if (text === '') return undefined;
  const type = headers.get('content-type') ?? '';
  if (!/json/i.test(type) && !/^\s*[[{]/.test(text)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
