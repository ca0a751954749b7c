import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ConfigurationError } from '../core/errors.js';
import { StateStoreError } from '../sync/state/store.js';

/**
 * The keys OAuth tokens are encrypted with at rest, from the host's configuration (a secrets
 * manager, an environment variable the host reads): never stored in the database. Rows name the
 * key they were encrypted with, so a key can be rotated: make the new key `current`, keep the old
 * one in `keys` until every row was re-encrypted (see `PostgresTokenStore.reencryptAll`).
 */
export interface TokenKeyring {
  /** Id of the key new and re-saved tokens are encrypted with. */
  current: string;
  /** Every key that may still encrypt a row, by id: 32 bytes, or their base64 text. */
  keys: Readonly<Record<string, Uint8Array | string>>;
}

/** One encrypted token row. */
export interface SealedTokens {
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

const ALGORITHM = 'aes-256-gcm';

function keyBytes(id: string, key: Uint8Array | string): Buffer {
  const bytes = typeof key === 'string' ? Buffer.from(key, 'base64') : Buffer.from(key);
  if (bytes.length !== 32) {
    throw new ConfigurationError(`Token key ${id} must be 32 bytes (256 bits), got ${bytes.length}.`);
  }
  return bytes;
}

/**
 * AES-256-GCM over the JSON of a token set, with a fresh 96-bit IV per save and the realm as
 * additional authenticated data: a row copied to another realm, or altered, fails to decrypt.
 */
export class TokenCipher {
  readonly current: string;
  readonly #keys: Map<string, Buffer>;

  /** @throws {ConfigurationError} when a key is not 32 bytes or `current` names no key. */
  constructor(keyring: TokenKeyring) {
    this.#keys = new Map(Object.entries(keyring.keys ?? {}).map(([id, key]) => [id, keyBytes(id, key)]));
    if (!this.#keys.has(keyring.current)) {
      throw new ConfigurationError(`Token key ${String(keyring.current)} (keyring.current) is not in keyring.keys.`);
    }
    this.current = keyring.current;
  }

  /** Encrypts `plaintext` for `realm` with the current key. */
  seal(realm: string, plaintext: string): SealedTokens {
    const iv = randomBytes(12);
    const cipher = createCipheriv(ALGORITHM, this.#keys.get(this.current) as Buffer, iv);
    cipher.setAAD(Buffer.from(realm, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { keyId: this.current, iv, tag: cipher.getAuthTag(), ciphertext };
  }

  /**
   * Decrypts a row of `realm`.
   * @throws {StateStoreError} when its key is not in the keyring or it does not authenticate.
   */
  open(realm: string, sealed: SealedTokens): string {
    const record = `tokens of realm ${realm}`;
    const key = this.#keys.get(sealed.keyId);
    if (key === undefined) {
      throw new StateStoreError({
        record,
        field: 'key_id',
        message: `encrypted with key ${sealed.keyId}, which is not in the keyring: add it to keyring.keys`,
      });
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, key, sealed.iv);
      decipher.setAAD(Buffer.from(realm, 'utf8'));
      decipher.setAuthTag(sealed.tag);
      return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
    } catch (cause) {
      throw new StateStoreError({
        record,
        field: 'ciphertext',
        message: `does not decrypt with key ${sealed.keyId}: the row was altered, copied from another realm, or the key is wrong`,
        cause,
      });
    }
  }
}
