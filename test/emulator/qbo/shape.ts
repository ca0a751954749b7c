/**
 * Compares the key structure of an emulator answer with a recorded QBO payload of the same kind:
 * envelope keys must be equal; in entity bodies every key both share must hold the same JSON kind
 * (string, number, boolean, object, array), recursively.
 */

function kind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value;
}

/** Mismatches of JSON kind on the keys both values share, with their paths. */
export function sharedKindMismatches(actual: unknown, recorded: unknown, path = '$'): string[] {
  if (kind(actual) !== kind(recorded)) return [`${path}: ${kind(actual)} vs recorded ${kind(recorded)}`];
  if (Array.isArray(actual) && Array.isArray(recorded)) {
    if (actual.length === 0 || recorded.length === 0) return [];
    return sharedKindMismatches(actual[0], recorded[0], `${path}[0]`);
  }
  if (kind(actual) !== 'object') return [];
  const a = actual as Record<string, unknown>;
  const r = recorded as Record<string, unknown>;
  return Object.keys(r)
    .filter((k) => k in a)
    .flatMap((k) => sharedKindMismatches(a[k], r[k], `${path}.${k}`));
}

/** Sorted keys of an object. */
export function keysOf(value: unknown): string[] {
  return Object.keys(value as object).sort();
}

/** Keys the recorded payload has and the actual one lacks. */
export function missingKeys(actual: unknown, recorded: unknown): string[] {
  const a = actual as Record<string, unknown>;
  return Object.keys(recorded as object).filter((k) => !(k in a));
}
