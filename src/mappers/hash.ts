import * as crypto from 'node:crypto';
import { canonicalJson } from '../core/canonical-json.js';

export { canonicalJson };

/** One-shot hashing (Node ≥ 20.12) skips the Hash object; the digest is the same. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

/**
 * A stable content hash (sha256, hex) of `value`'s canonical JSON. The sync engine stores it with a
 * link and writes only when the hash of the newly mapped value differs.
 * @example
 * contentHash({ a: 1, b: 2 }) === contentHash({ b: 2, a: 1, c: undefined }); // true
 */
export function contentHash(value: unknown): string {
  const json = canonicalJson(value);
  return oneShot ? oneShot('sha256', json, 'hex') : crypto.createHash('sha256').update(json).digest('hex');
}
