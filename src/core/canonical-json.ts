/**
 * Canonical JSON, written in one pass: object keys sorted, `undefined` properties dropped,
 * `undefined` array members as `null`, `-0` as `0`. No sorted copy of the value is built; the text is
 * the same, byte for byte, as `JSON.stringify` of such a sorted copy (test/unit/core/canonical-json
 * checks it against that construction), so hashes stored by earlier versions still compare equal.
 */

/** What JSON escapes in a string (a quote, a backslash, a control character) or may (a surrogate). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001F\uD800-\uDFFF]/;

/** Text V8 always holds flat (a concatenation or a slice is at least 13 code units long). */
const FLAT_LENGTH = 12;

/** True when short (flat) `text` needs JSON escaping; a loop beats the regular expression there. */
function shortNeedsEscape(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) return true;
  }
  return false;
}

/**
 * A string's JSON form. Longer text is tested with the regular expression: text a mapper built
 * (`trim`, `slice`, a template) is often a slice or a concatenation, which `charCodeAt` reads several
 * times slower (bench/mappers.ts: a vendor's canonical JSON took 1.9 µs with the loop up to 64 code
 * units, 0.9 µs so).
 */
function quote(text: string): string {
  const escaped = text.length > FLAT_LENGTH ? NEEDS_ESCAPE.test(text) : shortNeedsEscape(text);
  return escaped ? JSON.stringify(text) : `"${text}"`;
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

/** True when `keys` are already in ascending UTF-16 order, so they are their own canonical order. */
function ascending(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i += 1) if ((keys[i - 1] as string) >= (keys[i] as string)) return false;
  return true;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * An object shape: its keys in canonical order, and each one's JSON label after a comma (`,"key":`)
 * and as the object's first (`{"key":`), so a member costs two appends.
 */
interface Shape {
  keys: readonly string[];
  ordered: readonly string[];
  labels: readonly string[];
  firsts: readonly string[];
}

function shapeFrom(keys: readonly string[]): Shape {
  // Sorted keys (which Object.keys lists as index keys first, numerically) are the canonical order.
  const ordered = keys.length < 2 || ascending(keys) ? keys : orderKeys([...keys]);
  const quoted = ordered.map(quote);
  return { keys, ordered, labels: quoted.map((key) => `,${key}:`), firsts: quoted.map((key) => `{${key}:`) };
}

/**
 * The shapes of objects seen (own keys, in their order), by first key: mapped values share a few
 * shapes, so each object finds its key order and labels by comparing keys, building no string.
 */
const shapes = new Map<string, Shape[]>();
const SHAPES_LIMIT = 512;
/** Shapes kept per first key, so that finding one stays a short scan whatever the data. */
const SHAPES_PER_KEY = 16;
let shapesKept = 0;

function shapeOf(value: object): Shape {
  const keys = Object.keys(value);
  const first = keys[0] ?? '';
  const known = shapes.get(first);
  if (known !== undefined) for (const shape of known) if (sameKeys(shape.keys, keys)) return shape;
  const shape = shapeFrom(keys);
  if (shapesKept < SHAPES_LIMIT && (known?.length ?? 0) < SHAPES_PER_KEY) {
    shapesKept += 1;
    if (known === undefined) shapes.set(first, [shape]);
    else known.push(shape);
  }
  return shape;
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
  const { ordered, labels, firsts } = shapeOf(value);
  let out = '';
  for (let i = 0; i < ordered.length; i += 1) {
    const json = write((value as Record<string, unknown>)[ordered[i] as string]);
    if (json === undefined) continue;
    out += (out === '' ? firsts[i] : labels[i]) as string;
    out += json;
  }
  return out === '' ? '{}' : `${out}}`;
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
