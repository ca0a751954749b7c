import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SOURCE_SPECS } from '../../../src/mappers/boundary-sources.js';
import type { MapperName } from '../../../src/mappers/registry.js';
import { quickCheck } from '../../../src/mappers/schema-check.js';
import { mutated } from './mutations.js';
import { pickingArb, receivingArb, MAPPER_SOURCES as SOURCES } from './properties.arbitraries.js';

/** Valid sources of every mapper (the IntelliTrack-side arbitraries give an order with its QBO document). */
const VALID: { [K in MapperName]: fc.Arbitrary<unknown> } = {
  ...SOURCES,
  receivingToPurchaseOrder: receivingArb.map((pair) => pair.order),
  receiptToBill: receivingArb,
  pickingToEstimate: pickingArb.map((pair) => pair.order),
  pickToInvoice: pickingArb,
};

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
