import { toAbortError } from './abort.js';

/**
 * Where bearer tokens come from. QBO's `TokenProvider` has this shape; any OAuth helper can be
 * adapted to it.
 */
export interface AccessTokenSource {
  /** The current access token (refreshing it first when the source knows it expired). */
  getAccessToken(signal?: AbortSignal): Promise<string>;
  /** Obtains a new access token; called after the service rejected the current one. */
  refresh(signal?: AbortSignal): Promise<unknown>;
}

/**
 * Authorises requests with `Authorization: Bearer …` and coordinates refreshes: when any number of
 * concurrent requests are rejected with 401 for the same token, exactly one refresh runs and every
 * one of them waits for it. A late 401 for a token that was already replaced triggers no new refresh.
 * @example
 * const auth = new BearerAuth(tokenProvider);
 * const transport = new HttpTransport({ service: 'qbo', baseUrl, auth, errorFactory });
 */
export class BearerAuth {
  readonly #source: AccessTokenSource;
  #inflight: Promise<void> | undefined;
  #replaced: string | undefined;

  constructor(source: AccessTokenSource) {
    this.#source = source;
  }

  /** The token to send now; waits for a refresh in progress first. */
  async token(signal?: AbortSignal): Promise<string> {
    if (this.#inflight) await abortable(this.#inflight, signal);
    return this.#source.getAccessToken(signal);
  }

  /**
   * Called when the service answered 401 to a request sent with `rejected`. Resolves once a newer
   * token is available. The refresh itself is not bound to one caller's signal, because other
   * requests wait for it too; the caller stops waiting when its own signal aborts.
   * @throws whatever the source's `refresh` throws (e.g. ReauthorizationRequiredError)
   */
  async onUnauthorized(rejected: string, signal?: AbortSignal): Promise<void> {
    if (this.#inflight === undefined && this.#replaced !== rejected) {
      this.#replaced = rejected;
      this.#inflight = this.#source.refresh().then(
        () => {
          this.#inflight = undefined;
        },
        (error: unknown) => {
          this.#inflight = undefined;
          // A failed refresh must be retried by the next 401, not remembered as done.
          this.#replaced = undefined;
          throw error;
        },
      );
    }
    if (this.#inflight) await abortable(this.#inflight, signal);
  }
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(toAbortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(toAbortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
