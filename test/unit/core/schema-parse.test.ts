import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { exactCheck } from '../../../src/core/schema/check.js';
import { safeParseExact } from '../../../src/core/schema/parse.js';
import { SOURCE_SPECS } from '../../../src/mappers/boundary-sources.js';
import type { MapperName } from '../../../src/mappers/registry.js';
import { entitySchemas, isEntitySchemaName, QueryResponseEnvelopeSchema } from '../../../src/qbo/schemas/index.js';
import { mutated } from '../mappers/mutations.js';
import { MAPPER_SOURCES as SOURCES, BOUNDARY_SOURCES as VALID } from '../mappers/properties.arbitraries.js';

/** Both results agree: the same verdict, equal data, and zod's issues when it fails. */
function expectSameAsZod(schema: z.ZodType, value: unknown): void {
  const exact = safeParseExact(schema, value);
  const zod = schema.safeParse(value);
  expect(exact.success).toBe(zod.success);
  if (zod.success) expect(exact.data).toStrictEqual(zod.data);
  else expect(exact.error?.issues).toStrictEqual(zod.error.issues);
}

describe('safeParseExact: zod’s result, without the copy where the copy would equal the value', () => {
  it('returns a loose record itself, unknown keys and all', () => {
    const schema = z.looseObject({
      Id: z.string(),
      Qty: z.number().optional(),
      Ref: z.looseObject({ value: z.string() }),
    });
    const record = { Id: '7', Ref: { value: '3', name: 'x' }, Extra: [1, { a: 2 }] };
    const result = safeParseExact(schema, record);
    expect(result.success && result.data).toBe(record);
    expectSameAsZod(schema, record);
  });

  it('leaves to zod a record with an own __proto__ key, which its copy drops', () => {
    const schema = z.looseObject({ Id: z.string().optional() });
    for (const text of ['{"__proto__":0}', '{"Id":"1","__proto__":{"polluted":true}}']) {
      const record = JSON.parse(text) as Record<string, unknown>;
      expect(exactCheck(schema)(record)).toBe(false);
      expectSameAsZod(schema, record);
    }
  });

  it('leaves to zod what zod would change: a stripped key, a default, a transform', () => {
    const strip = z.object({ id: z.string() });
    const withExtra = { id: '1', dropped: true };
    expect(exactCheck(strip)(withExtra)).toBe(false);
    expect(safeParseExact(strip, withExtra).data).toStrictEqual({ id: '1' });
    expect(exactCheck(strip)({ id: '1' })).toBe(true);

    const defaulted = z.looseObject({ mode: z.enum(['set', 'add']).default('set') });
    expect(exactCheck(defaulted)({})).toBe(false);
    expect(safeParseExact(defaulted, {}).data).toStrictEqual({ mode: 'set' });

    const transformed = z.looseObject({ n: z.string().transform((s) => s.length) });
    expect(safeParseExact(transformed, { n: 'abc' }).data).toStrictEqual({ n: 3 });

    const strict = z.strictObject({ id: z.string() });
    expect(exactCheck(strict)({ id: '1' })).toBe(false);
    expectSameAsZod(strict, { id: '1', other: 1 });
  });

  it('fails exactly as zod does, issues and paths included', () => {
    const schema = z.looseObject({ Line: z.array(z.looseObject({ Amount: z.number() })) });
    expectSameAsZod(schema, { Line: [{ Amount: 1 }, { Amount: '2' }] });
    expectSameAsZod(schema, { Line: [{ Amount: Number.NaN }] });
    expectSameAsZod(schema, null);
  });

  it('every entity record in the recorded QBO payloads: returned itself, equal to zod’s copy', () => {
    const dir = new URL('../../fixtures/qbo/', import.meta.url);
    let seen = 0;
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) {
        for (const each of node) visit(each);
        return;
      }
      if (typeof node !== 'object' || node === null) return;
      for (const [key, value] of Object.entries(node)) {
        if (isEntitySchemaName(key)) {
          for (const record of Array.isArray(value) ? value : [value]) {
            const schema = entitySchemas[key];
            if (!schema.safeParse(record).success) continue;
            seen += 1;
            expectSameAsZod(schema, record);
            const result = safeParseExact(schema, record);
            expect(result.success && result.data, `${key} ${JSON.stringify(record).slice(0, 80)}`).toBe(record);
          }
        } else visit(value);
      }
    };
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
      const doc: unknown = JSON.parse(readFileSync(new URL(name, dir), 'utf8').replace(/^\uFEFF/, ''));
      visit(doc);
      if (typeof doc === 'object' && doc !== null && 'QueryResponse' in doc)
        expectSameAsZod(QueryResponseEnvelopeSchema, doc);
    }
    expect(seen).toBeGreaterThan(40);
  });
  for (const name of Object.keys(SOURCES) as MapperName[]) {
    const schema = SOURCE_SPECS[name].schema;
    it(`${name}'s wire schema: same verdict and data as zod for valid and broken records (property)`, () => {
      fc.assert(
        fc.property(fc.oneof(VALID[name], mutated(VALID[name])), (value) => {
          expectSameAsZod(schema, value);
          if (exactCheck(schema)(value)) expect(safeParseExact(schema, value).data).toBe(value);
        }),
        { numRuns: 300 },
      );
    });
  }
});
