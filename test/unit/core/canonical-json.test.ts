import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/core/canonical-json.js';
import { contentHash } from '../../../src/mappers/hash.js';

/**
 * The construction canonical JSON has always been defined by (and content hashes stored with links
 * were computed from): JSON.stringify of a copy with sorted keys in null-prototype objects.
 */
function reference(value: unknown): string {
  const copy = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : copy(x)));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = Object.create(null);
      for (const key of Object.keys(v).sort()) {
        const x = (v as Record<string, unknown>)[key];
        if (x !== undefined) out[key] = copy(x);
      }
      return out;
    }
    return typeof v === 'number' && Object.is(v, -0) ? 0 : v;
  };
  return JSON.stringify(copy(value)) ?? 'null';
}

/** Keys that sort or print awkwardly: array indexes, near-indexes, escapes, non-BMP, `__proto__`. */
const awkwardKey = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.constantFrom(
    '0',
    '1',
    '2',
    '10',
    '01',
    '-1',
    '4294967294',
    '4294967295',
    '1e3',
    '__proto__',
    'a\u0000b',
    'É',
    'é',
  ),
);
const leaf = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.double(),
  fc.integer(),
  fc.constantFrom(-0, null, true, false, undefined, Number.NaN, Number.POSITIVE_INFINITY, 1e21, 5e-7),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.dictionary(awkwardKey, tie('value'), { maxKeys: 8 }),
}));

describe('canonicalJson', () => {
  it('prints exactly what the sorted-copy construction prints (property)', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJson(v)).toBe(reference(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps objects of one shape equal however often the shape is seen (the key-order cache)', () => {
    const shapes = [
      { b: 1, a: 2, '3': 3, '1': 4 },
      { 'a\u0000b': 1, c: 2 },
      { a: 1, 'b\u0000c': 2 },
    ];
    for (let round = 0; round < 3; round += 1) {
      for (const shape of shapes) expect(canonicalJson(shape)).toBe(reference(shape));
    }
  });

  it('escapes long text as the construction does, flat, sliced or concatenated (property)', () => {
    // Text over 12 code units is tested another way than short text, and may be held as a slice or a
    // concatenation (what `trim` and templates in the mappers give).
    const long = fc.string({ unit: 'binary', minLength: 13, maxLength: 90 });
    const made = fc.oneof(
      long,
      fc.tuple(long, long).map(([a, b]) => `${a}${b}`),
      fc.tuple(fc.string({ unit: 'binary' }), long).map(([a, b]) => `  ${a}${b} `.trim()),
      fc.tuple(long, fc.nat(12)).map(([a, n]) => a.slice(n)),
      fc.constantFrom(
        'a long "quoted" name here',
        'C:\\path\\to\\file.txt',
        'line one\nline two',
        `x${'\uD83D'}y`.repeat(7),
      ),
    );
    fc.assert(
      fc.property(made, made, (a, b) => {
        const record = { a, list: [b, a], nested: { [b]: a } };
        expect(canonicalJson(record)).toBe(reference(record));
      }),
      { numRuns: 2000 },
    );
  });

  it('prints sparse arrays, Dates, Maps, functions and symbols as the construction does', () => {
    const sparse: unknown[] = [];
    sparse[2] = () => 2;
    const odd = { d: new Date(0), m: new Map([[1, 2]]), f: () => 1, s: Symbol('x'), a: sparse };
    expect(canonicalJson(odd)).toBe(reference(odd));
    expect(canonicalJson(undefined)).toBe('null');
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
  });
});

describe('contentHash', () => {
  it('is the sha256 of the canonical JSON, the same digest as stored hashes', () => {
    const record = {
      name: 'Müller "Großhandel" \\ 東京',
      qty: -0,
      list: [1, undefined, { b: 2, a: null, z: undefined }],
      nested: { '10': 'ten', '2': 'two', __proto__x: 1, é: 'e', E: 'E' },
      lone: 'a\uD800b',
      big: 1e21,
      frac: 0.1 + 0.2,
      t: true,
    };
    // Computed by the implementation that wrote the hashes already stored with links.
    expect(contentHash(record)).toBe('f289bf12342ba3ee78678cc6528d7e91f0190934d720b4909e6c7d1f061b1aec');
    fc.assert(
      fc.property(value, (v) => {
        expect(contentHash(v)).toBe(createHash('sha256').update(reference(v)).digest('hex'));
      }),
      { numRuns: 300 },
    );
  });
});
