import type { Clock } from '../../core/clock.js';
import { IntelliTrackProblem } from './problem.js';

/** A stored answer. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** How long a key is remembered. */
const RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * Remembers the successful answer to each `Idempotency-Key`. The same key with the same method, path
 * and body replays the answer without a second effect; with anything else it is a 422. Failed
 * requests change nothing, so they are not stored and may be retried with the same key.
 */
export class IdempotencyStore {
  readonly #clock: Clock;
  readonly #entries = new Map<string, { fingerprint: string; response: StoredResponse; at: number }>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /**
   * The stored answer for `key`, if any.
   * @throws IntelliTrackProblem 422 when the key was used for a different request
   */
  lookup(key: string, fingerprint: string): StoredResponse | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (this.#clock.now() - entry.at > RETENTION_MS) {
      this.#entries.delete(key);
      return undefined;
    }
    if (entry.fingerprint !== fingerprint) {
      throw new IntelliTrackProblem({
        status: 422,
        slug: 'idempotency-key-reused',
        title: 'Unprocessable Content',
        detail: 'This Idempotency-Key was already used for a different request; use a new key for a new request.',
        errors: [{ pointer: '/', detail: 'the body, method or path differs from the first use of the key' }],
      });
    }
    return entry.response;
  }

  /** Stores a successful answer. */
  store(key: string, fingerprint: string, response: StoredResponse): void {
    this.#entries.set(key, { fingerprint, response, at: this.#clock.now() });
  }

  /** Number of keys remembered. */
  get size(): number {
    return this.#entries.size;
  }
}

/** A fingerprint of a request that ignores JSON key order and whitespace. */
export function fingerprint(method: string, path: string, body: unknown): string {
  return `${method} ${path} ${canonicalJson(body)}`;
}

/** JSON text of `value` with object keys sorted, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
