/**
 * Lone UTF-16 surrogates in a record: a string holding one has no UTF-8 form, so it cannot be sent,
 * stored or hashed faithfully. The boundary refuses such a record (see `src/mappers/boundary.ts`).
 */
import { loneSurrogateIndex } from '../wire-safety.js';

/** Any UTF-16 surrogate: only a string holding one can hold a lone one. */
const SURROGATE = /[\uD800-\uDFFF]/;

/** `String.prototype.isWellFormed` (ES2024, native: no regular expression), where the runtime has it. */
const wellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean }).isWellFormed;

/** True when `text` holds a lone surrogate. */
export function brokenText(text: string): boolean {
  if (wellFormed !== undefined) return !wellFormed.call(text);
  return SURROGATE.test(text) && loneSurrogateIndex(text) >= 0;
}

/** True when a string (value, at any depth) holds a lone surrogate; walks without allocating paths. */
export function hasLoneSurrogate(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return brokenText(value);
  if (value === null || typeof value !== 'object' || depth > 64) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) if (hasLoneSurrogate(value[i], depth + 1)) return true;
    return false;
  }
  // for…in reads the values through V8's enumeration cache; only own keys count, as in surrogatePath.
  for (const key in value) {
    if (Object.hasOwn(value, key) && hasLoneSurrogate((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}

/** True when `value` holds no lone surrogate at any depth (a check for the compiled boundary). */
export function noLoneSurrogate(value: unknown): boolean {
  return !hasLoneSurrogate(value, 0);
}

/** The path of the first string (value, at any depth) holding a lone surrogate. */
export function surrogatePath(value: unknown, path: PropertyKey[] = [], depth = 0): PropertyKey[] | undefined {
  if (typeof value === 'string') return loneSurrogateIndex(value) >= 0 ? path : undefined;
  if (value === null || typeof value !== 'object' || depth > 64) return undefined;
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  for (const [key, child] of entries) {
    const found = surrogatePath(child, [...path, key], depth + 1);
    if (found) return found;
  }
  return undefined;
}
