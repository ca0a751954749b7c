import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cleanCheck, quickCheck } from '../../../src/core/schema/check.js';
import { type Leaf, leafOf, leafPasses } from '../../../src/core/schema/leaf.js';
import { loneSurrogateIndex } from '../../../src/core/wire-safety.js';
import { SOURCE_SPECS } from '../../../src/mappers/boundary-sources.js';
import type { MapperName } from '../../../src/mappers/registry.js';
import { mutated } from './mutations.js';
import { MAPPER_SOURCES as SOURCES, BOUNDARY_SOURCES as VALID } from './properties.arbitraries.js';

describe('quickCheck: the boundary fast path never accepts what zod refuses', () => {
  for (const name of Object.keys(SOURCES) as MapperName[]) {
    const schema = SOURCE_SPECS[name].schema;
    it(`${name}: true only where safeParse succeeds (property, valid and broken records)`, () => {
      fc.assert(
        fc.property(fc.oneof(VALID[name], mutated(VALID[name])), (source) => {
          if (quickCheck(schema)(source)) expect(schema.safeParse(source).success).toBe(true);
        }),
        { numRuns: 300 },
      );
    });

    it(`${name}: answers valid records itself (zod is not run for them)`, () => {
      const valid = fc.sample(VALID[name], { numRuns: 200, seed: 17 });
      const parsed = valid.filter((s) => schema.safeParse(s).success);
      const fast = parsed.filter((s) => quickCheck(schema)(s));
      expect(parsed.length).toBeGreaterThan(150);
      expect(fast.length).toBeGreaterThanOrEqual(parsed.length * 0.95);
    });
  }

  it('leaves to zod what it cannot judge exactly', () => {
    // Code points, not UTF-16 units: "😀x" is 2 characters long for zod.
    expect(quickCheck(z.string().max(2))('😀x')).toBe(false);
    expect(z.string().max(2).safeParse('😀x').success).toBe(true);
    expect(quickCheck(z.string().min(2))('😀')).toBe(false);
    // A strict object, a union and an email format go to zod, which answers for them.
    expect(quickCheck(z.strictObject({ a: z.string() }))({ a: 'x' })).toBe(true);
    expect(quickCheck(z.strictObject({ a: z.string() }))({ a: 'x', b: 1 })).toBe(false);
    expect(quickCheck(z.union([z.string(), z.number()]))(3)).toBe(true);
    expect(quickCheck(z.email())('not an email')).toBe(false);
  });

  it('refuses a missing required key, an inherited field and non-finite numbers', () => {
    const schema = z.looseObject({
      id: z.string().min(1),
      qty: z.number().int().nonnegative(),
      note: z.string().optional(),
    });
    const check = quickCheck(schema);
    expect(check({ id: 'a', qty: 2 })).toBe(true);
    expect(check({ id: 'a', qty: 2, note: undefined, extra: { any: 1 } })).toBe(true);
    expect(check({ qty: 2 })).toBe(false);
    expect(check({ id: 'a', qty: 2.5 })).toBe(false);
    expect(check({ id: 'a', qty: Number.POSITIVE_INFINITY })).toBe(false);
    expect(check(Object.assign(Object.create({ note: 5 }), { id: 'a', qty: 1 }))).toBe(false);
    expect(check([])).toBe(false);
  });
});

/** True when a string anywhere in `value` (own keys, any depth) holds a lone surrogate. */
function holdsLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return loneSurrogateIndex(value) >= 0;
  if (value === null || typeof value !== 'object') return false;
  return Object.values(value).some(holdsLoneSurrogate);
}

describe('cleanCheck: the schema and well-formed text in one walk', () => {
  for (const name of Object.keys(SOURCES) as MapperName[]) {
    const schema = SOURCE_SPECS[name].schema;
    it(`${name}: true only where safeParse succeeds and no string holds a lone surrogate (property)`, () => {
      fc.assert(
        fc.property(fc.oneof(VALID[name], mutated(VALID[name])), (source) => {
          if (!cleanCheck(schema)(source)) return;
          expect(schema.safeParse(source).success).toBe(true);
          expect(holdsLoneSurrogate(source)).toBe(false);
        }),
        { numRuns: 300 },
      );
    });

    it(`${name}: answers clean valid records itself`, () => {
      const valid = fc.sample(VALID[name], { numRuns: 200, seed: 17 });
      const clean = valid.filter((s) => schema.safeParse(s).success && !holdsLoneSurrogate(s));
      expect(clean.length).toBeGreaterThan(150);
      expect(clean.filter((s) => cleanCheck(schema)(s)).length).toBeGreaterThanOrEqual(clean.length * 0.95);
    });
  }

  it('finds a lone surrogate in a known field, an unknown key, a list and an unknown value', () => {
    const schema = z.looseObject({
      name: z.string(),
      note: z.string().min(1).optional(),
      tags: z.array(z.string()).optional(),
      kind: z.enum(['a', 'b']).optional(),
      extra: z.unknown().optional(),
    });
    const check = cleanCheck(schema);
    expect(check({ name: 'ok', note: 'fine', tags: ['x'], kind: 'a', extra: { deep: ['y'] }, other: 'z' })).toBe(true);
    expect(check({ name: 'a\uD800' })).toBe(false);
    expect(check({ name: 'ok', note: '\uDC00x' })).toBe(false);
    expect(check({ name: 'ok', tags: ['x', '\uD800'] })).toBe(false);
    expect(check({ name: 'ok', extra: { deep: ['\uD800'] } })).toBe(false);
    expect(check({ name: 'ok', other: { deeper: '\uDBFF' } })).toBe(false);
    // A well-formed pair is text like any other.
    expect(check({ name: '😀', other: '😀' })).toBe(true);
    // The schema-only check is unchanged.
    expect(quickCheck(schema)({ name: 'a\uD800' })).toBe(true);
  });
});

describe('refined leaves: tested inline by the direct check and by the key walk, as zod judges them', () => {
  const schema = z.looseObject({
    code: z.string().min(2).max(4),
    one: z.string().min(1).optional(),
    day: z.iso.date(),
    at: z.iso.datetime({ offset: true }).nullable(),
    ref: z.string().regex(/^R-\d+$/),
    count: z.number().int().positive(),
    share: z.number().gte(0).lt(1),
    kind: z.enum(['open', 'closed']).nullable(),
  });
  const base = {
    code: 'abcd',
    one: 'x',
    day: '2024-02-29',
    at: '2026-03-01T08:30:00-07:00',
    ref: 'R-7',
    count: 3,
    share: 0.5,
    kind: 'open',
  };
  const cases: [keyof typeof base, unknown][] = [
    ['code', 'a'],
    ['code', 'wxyz'],
    ['code', 'abcde'],
    ['code', 5],
    ['one', ''],
    ['one', null],
    ['day', '2023-02-29'],
    ['day', '2026-04-31'],
    ['day', '2026-4-1'],
    ['at', null],
    ['at', '2026-03-01'],
    ['at', '2026-03-01T08:30:00Z'],
    ['ref', 'R-'],
    ['ref', 'x R-1'],
    ['count', 0],
    ['count', 1],
    ['count', 2.5],
    ['count', 2 ** 53],
    ['count', Number.POSITIVE_INFINITY],
    ['count', '3'],
    ['share', 0],
    ['share', -0.01],
    ['share', 1],
    ['share', 0.999],
    ['share', Number.NaN],
    ['kind', 'closed'],
    ['kind', null],
    ['kind', 'Open'],
    ['kind', undefined],
  ];
  for (const [field, value] of cases) {
    const record = { ...base, [field]: value };
    it(`${field} = ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`, () => {
      const zod = schema.safeParse(record).success;
      // The direct check answers a record of known keys; one unknown key sends a valid one to the walk.
      for (const candidate of [record, { ...record, extra: 1 }]) {
        expect(quickCheck(schema)(candidate)).toBe(zod);
        expect(cleanCheck(schema)(candidate)).toBe(zod);
      }
      // The walk's own test of the leaf (where functions cannot be made from source, it is the only one).
      const fieldSchema = schema.shape[field];
      const leaf = leafOf(fieldSchema);
      expect(leaf).toBeDefined();
      expect(leafPasses(leaf as Leaf, value)).toBe(fieldSchema.safeParse(value).success);
    });
  }

  it('leaves a minimum length in code points to zod where units cannot tell', () => {
    // Two or three units may be one code point (a surrogate pair): at least 2 cannot be told from
    // units alone under 4 units, so the check says "let zod decide" for all such text.
    expect(z.string().min(2).safeParse('😀').success).toBe(false);
    expect(quickCheck(schema)({ ...base, code: '😀' })).toBe(false);
    expect(z.string().min(2).safeParse('abc').success).toBe(true);
    expect(quickCheck(schema)({ ...base, code: 'abc' })).toBe(false);
    expect(quickCheck(schema)({ ...base, code: '😀😀' })).toBe(true);
  });
});
