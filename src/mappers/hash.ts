import { createHash } from 'node:crypto';
import { canonicalJson } from '../core/canonical-json.js';

export { canonicalJson };

/**
 * A stable content hash (sha256, hex) of `value`'s canonical JSON. The sync engine stores it with a
 * link and writes only when the hash of the newly mapped value differs.
 * @example
 * contentHash({ a: 1, b: 2 }) === contentHash({ b: 2, a: 1, c: undefined }); // true
 */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
