/**
 * Canonical JSON, written in one pass: object keys sorted, `undefined` properties dropped,
 * `undefined` array members as `null`, `-0` as `0`. No sorted copy of the value is built; the text is
 * the same, byte for byte, as `JSON.stringify` of such a sorted copy (test/unit/core/canonical-json
 * checks it against that construction), so hashes stored by earlier versions still compare equal.
 */

/** A string's JSON form; plain text (no quote, backslash, control or surrogate) needs no escaping. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001F\uD800-\uDFFF]/;

function quote(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** True for an array index key ("0", "17"; not "01" or "-1"), which objects list first, numerically. */
function isIndex(key: string): boolean {
  const first = key.charCodeAt(0);
  if (first < 48 || first > 57) return false;
  return /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 4_294_967_295;
}

/**
 * The order keys are written in: array-index keys first in numeric order (as every object lists
 * them), then the others sorted by UTF-16 code units. The sorted copy the text used to be printed
 * from listed its keys in exactly this order.
 */
function orderKeys(keys: string[]): string[] {
  let indexes = 0;
  while (indexes < keys.length && isIndex(keys[indexes] as string)) indexes += 1;
  if (indexes === 0) return keys.sort();
  return indexes === keys.length ? keys : [...keys.slice(0, indexes), ...keys.slice(indexes).sort()];
}

/** The key order of objects seen with the same own keys in the same order (mapped values share shapes). */
const orders = new Map<string, { keys: string[]; ordered: string[] }>();
const ORDERS_LIMIT = 512;

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

function keysOf(value: object): string[] {
  const keys = Object.keys(value);
  if (keys.length < 2) return keys;
  const id = keys.join('\u0000');
  const known = orders.get(id);
  // The join can collide (keys holding "\u0000"), so the keys themselves are compared.
  if (known !== undefined && sameKeys(known.keys, keys)) return known.ordered;
  const ordered = orderKeys([...keys]);
  if (orders.size < ORDERS_LIMIT && known === undefined) orders.set(id, { keys, ordered });
  return ordered;
}

function arrayJson(value: readonly unknown[]): string {
  let out = '[';
  for (let i = 0; i < value.length; i += 1) {
    if (i > 0) out += ',';
    out += write(value[i]) ?? 'null';
  }
  return `${out}]`;
}

function objectJson(value: object): string {
  let out = '{';
  for (const key of keysOf(value)) {
    const json = write((value as Record<string, unknown>)[key]);
    if (json === undefined) continue;
    out += out.length === 1 ? `${quote(key)}:${json}` : `,${quote(key)}:${json}`;
  }
  return `${out}}`;
}

/** The JSON of `value`, or `undefined` for what JSON leaves out (`undefined`, functions, symbols). */
function write(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      // JSON prints -0 as 0 and non-finite numbers as null, as String() and JSON.stringify do.
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? arrayJson(value) : objectJson(value);
    case 'bigint':
      // JSON.stringify's own TypeError, as before.
      return JSON.stringify(value);
    default:
      return undefined;
  }
}

/**
 * Canonical JSON of `value`: object keys sorted, `undefined` properties left out, arrays in order.
 * Two values that differ only in key order or in `undefined` properties give the same string.
 * Objects are read through their own enumerable string keys only (a `Date` or a `Map` is `{}`, no
 * `toJSON` is called), as a plain data copy of them would be.
 */
export function canonicalJson(value: unknown): string {
  return write(value) ?? 'null';
}
