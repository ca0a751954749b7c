import type * as Pg from 'pg';
import { throwIfAborted } from '../core/abort.js';
import { type Clock, systemClock } from '../core/clock.js';
import { ConfigurationError } from '../core/errors.js';
import type { StoredTokens, TokenStore } from '../qbo/auth.js';
import { parseStoredTokens, StoredTokensSchema } from '../qbo/file-token-store.js';
import { StateStoreError } from '../sync/state/store.js';
import type { PostgresDatabase } from './database.js';
import { checkRealm, quoteSchema } from './sql-name.js';
import { type SealedTokens, TokenCipher, type TokenKeyring } from './token-cipher.js';
import { inTransaction } from './transaction.js';

/** Options of {@link PostgresTokenStore}. */
export interface PostgresTokenStoreOptions {
  /** The encryption keys, from the host's configuration. */
  keyring: TokenKeyring;
  /**
   * How long a refresh waits for another process refreshing the same realm before failing.
   * @default 30000
   */
  lockTimeoutMs?: number;
  /** @default systemClock */
  clock?: Clock;
}

/** Advisory-lock class of token refreshes (the object id is the hash of the realm). */
const REFRESH_LOCK = 0x51b0_0002;
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * The OAuth tokens of one realm in Postgres, encrypted at rest with AES-256-GCM (see
 * {@link TokenKeyring}). Its `exclusive` lock (a transaction-scoped advisory lock per realm) makes
 * `IntuitOAuthTokenProvider` refresh once across every process sharing the database: the others
 * wait, then read the tokens the first one saved. `save` commits before it resolves, so a rotated
 * refresh token is durable before the new access token is used.
 *
 * @example
 * ```ts
 * const tokens = new PostgresTokenStore(db, realmId, { keyring: { current: 'k1', keys: { k1: process.env.TOKEN_KEY_K1 } } });
 * const auth = new IntuitOAuthTokenProvider({ app, store: tokens });
 * ```
 */
export class PostgresTokenStore implements TokenStore {
  /** The company whose tokens these are. */
  readonly realm: string;
  readonly #pool: Pg.Pool;
  readonly #table: string;
  readonly #cipher: TokenCipher;
  readonly #lockTimeoutMs: number;
  readonly #clock: Clock;

  /** @throws {ConfigurationError} when the keyring or the lock timeout cannot be used. */
  constructor(db: PostgresDatabase, realm: string, options: PostgresTokenStoreOptions) {
    checkRealm(realm);
    this.realm = realm;
    this.#pool = db.pool;
    this.#table = `${quoteSchema(db.schema)}.tokens`;
    this.#cipher = new TokenCipher(options.keyring);
    this.#lockTimeoutMs = options.lockTimeoutMs ?? 30_000;
    if (!Number.isSafeInteger(this.#lockTimeoutMs) || this.#lockTimeoutMs <= 0) {
      throw new ConfigurationError(`lockTimeoutMs must be a positive integer, got ${this.#lockTimeoutMs}.`);
    }
    this.#clock = options.clock ?? systemClock;
  }

  /**
   * The realm's tokens, or `undefined` when none were saved.
   * @throws {StateStoreError} when the row cannot be decrypted or is not a token set.
   */
  async load(signal?: AbortSignal): Promise<StoredTokens | undefined> {
    throwIfAborted(signal);
    const { rows } = await this.#pool.query(`SELECT key_id, iv, tag, ciphertext FROM ${this.#table} WHERE realm = $1`, [
      this.realm,
    ]);
    const row = rows[0] as { key_id: string; iv: Buffer; tag: Buffer; ciphertext: Buffer } | undefined;
    if (row === undefined) return undefined;
    const sealed = { keyId: row.key_id, iv: row.iv, tag: row.tag, ciphertext: row.ciphertext };
    return this.#parse(this.#cipher.open(this.realm, sealed));
  }

  /**
   * Encrypts with the current key and commits the tokens (one statement, durable when it resolves).
   * @throws {StateStoreError} when the tokens are incomplete (nothing is written).
   */
  async save(tokens: StoredTokens, signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    if (!StoredTokensSchema.safeParse(tokens).success) {
      throw new StateStoreError({
        record: `tokens of realm ${this.realm}`,
        field: '',
        message: 'incomplete token set',
      });
    }
    await this.#write(this.#pool, this.#cipher.seal(this.realm, JSON.stringify(tokens)));
  }

  /**
   * Runs `fn` holding this realm's refresh lock, shared by every process on the database; released
   * when `fn` settles, or by Postgres when the process dies.
   * @throws {StateStoreError} when another process holds the lock longer than `lockTimeoutMs`.
   */
  async exclusive<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    throwIfAborted(signal);
    return await inTransaction(this.#pool, `tokens of realm ${this.realm}`, async (client) => {
      await client.query(`SET LOCAL lock_timeout = ${this.#lockTimeoutMs}`);
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [REFRESH_LOCK, this.realm]).catch((e) => {
        throw this.#lockError(e);
      });
      return await fn();
    });
  }

  /**
   * Re-encrypts every realm's tokens that are not under the keyring's current key (after a key
   * rotation), each row in its own statement.
   * @returns how many rows were re-encrypted.
   * @throws {StateStoreError} when a row's key is not in the keyring.
   */
  static async reencryptAll(db: PostgresDatabase, keyring: TokenKeyring): Promise<number> {
    const cipher = new TokenCipher(keyring);
    const table = `${quoteSchema(db.schema)}.tokens`;
    const { rows } = await db.pool.query(`SELECT realm FROM ${table} WHERE key_id <> $1 ORDER BY realm`, [
      cipher.current,
    ]);
    let count = 0;
    for (const { realm } of rows as { realm: string }[]) {
      const store = new PostgresTokenStore(db, realm, { keyring });
      // Under the realm's refresh lock, so a refresh in progress is not overwritten with older tokens.
      count += await store.exclusive(async () => {
        const tokens = await store.load();
        if (tokens === undefined) return 0;
        await store.save(tokens);
        return 1;
      });
    }
    return count;
  }

  async #write(db: Pick<Pg.Pool, 'query'>, sealed: SealedTokens): Promise<void> {
    await db.query(
      `INSERT INTO ${this.#table} (realm, key_id, iv, tag, ciphertext, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (realm) DO UPDATE SET key_id = excluded.key_id, iv = excluded.iv, tag = excluded.tag,
         ciphertext = excluded.ciphertext, updated_at = excluded.updated_at`,
      [this.realm, sealed.keyId, sealed.iv, sealed.tag, sealed.ciphertext, this.#clock.now()],
    );
  }

  #parse(text: string): StoredTokens {
    const tokens = parseStoredTokens(text);
    if (!tokens) {
      throw new StateStoreError({ record: `tokens of realm ${this.realm}`, field: '', message: 'not a token set' });
    }
    return tokens;
  }

  #lockError(error: unknown): unknown {
    if ((error as { code?: unknown }).code !== LOCK_NOT_AVAILABLE) return error;
    return new StateStoreError({
      record: `tokens of realm ${this.realm}`,
      field: '',
      message: `another process has been refreshing these tokens for more than ${this.#lockTimeoutMs} ms`,
      cause: error,
    });
  }
}
