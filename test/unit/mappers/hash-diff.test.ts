import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffFields } from '../../../src/mappers/diff.js';
import { canonicalJson, contentHash } from '../../../src/mappers/hash.js';
import { shortenDeterministic } from '../../../src/mappers/truncate.js';

/** Rebuilds `value` with every object's keys in reverse order. */
function reorder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reorder);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reorder(v)]),
    );
  }
  return value;
}

describe('contentHash', () => {
  it('is a sha256 hex digest of the canonical JSON', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: undefined, c: 3 }] })).toBe('{"a":[2,{"c":3}],"b":1}');
    expect(contentHash({})).toBe('44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  });

  it('ignores undefined properties and treats -0 as 0', () => {
    expect(contentHash({ a: 1, b: undefined })).toBe(contentHash({ a: 1 }));
    expect(contentHash({ q: -0 })).toBe(contentHash({ q: 0 }));
  });

  it('changes when a meaningful field changes', () => {
    expect(contentHash({ qty: 1 })).not.toBe(contentHash({ qty: 2 }));
    expect(contentHash([1, 2])).not.toBe(contentHash([2, 1]));
  });

  it('is stable under key order (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(contentHash(reorder(value))).toBe(contentHash(value));
      }),
    );
  });
});

describe('diffFields', () => {
  it('reports changed, added and removed fields with their paths', () => {
    const before = { email: 'a@x', city: 'Oslo', lines: [{ qty: 1 }, { qty: 2 }], version: 3 };
    const after = { email: 'b@x', city: 'Oslo', lines: [{ qty: 1 }, { qty: 5 }, { qty: 1 }], phone: '1', version: 4 };
    expect(diffFields(before, after, { ignore: ['version'] })).toEqual([
      { path: 'email', before: 'a@x', after: 'b@x' },
      { path: 'lines[1].qty', before: 2, after: 5 },
      { path: 'lines[2]', before: undefined, after: { qty: 1 } },
      { path: 'phone', before: undefined, after: '1' },
    ]);
  });

  it('treats missing and undefined alike and finds nothing between equal values (property)', () => {
    expect(diffFields({ a: undefined }, {})).toEqual([]);
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(diffFields(value, reorder(value))).toEqual([]);
      }),
    );
  });
});

describe('shortenDeterministic', () => {
  it('leaves values that fit alone', () => {
    expect(shortenDeterministic('Parent:Sub', 25)).toBe('Parent:Sub');
  });

  it('is deterministic, within the limit and keeps a readable prefix (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 120 }), fc.integer({ min: 8, max: 60 }), (value, limit) => {
        const short = shortenDeterministic(value, limit);
        expect(short.length).toBeLessThanOrEqual(limit);
        expect(shortenDeterministic(value, limit)).toBe(short);
        if (value.length > limit) expect(value.startsWith(short.slice(0, limit - 8))).toBe(true);
      }),
    );
  });

  it('tells apart long names that share their first characters', () => {
    const names = Array.from({ length: 500 }, (_, i) => `Warehouse:Aisle 12:Shelf B:Bin ${i}`);
    expect(new Set(names.map((n) => shortenDeterministic(n, 25))).size).toBe(500);
  });
});

describe('canonicalJson', () => {
  it('parses back to the same JSON value, keys sorted (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });

  it('keeps a key named __proto__, so values that differ only there hash differently', () => {
    const withKey = JSON.parse('{"__proto__":{"a":1},"b":2}') as unknown;
    expect(canonicalJson(withKey)).toBe('{"__proto__":{"a":1},"b":2}');
    expect(contentHash(withKey)).not.toBe(contentHash({ b: 2 }));
  });
});
