/**
 * Canonical form of `value`: object keys sorted (in null-prototype objects), `undefined` properties
 * dropped, `undefined` array members as `null`, `-0` as `0`.
 */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : canonical(v)));
  if (value !== null && typeof value === 'object') {
    // No prototype: a key named "__proto__" (legal in JSON) must stay a key, not set a prototype.
    const out: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonical(v);
    }
    return out;
  }
  // -0 and 0 are the same quantity; JSON would print both as 0 anyway, this keeps it explicit.
  if (typeof value === 'number' && Object.is(value, -0)) return 0;
  return value;
}

/**
 * Canonical JSON of `value`: object keys sorted, `undefined` properties left out, arrays in order.
 * Two values that differ only in key order or in `undefined` properties give the same string.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value)) ?? 'null';
}
