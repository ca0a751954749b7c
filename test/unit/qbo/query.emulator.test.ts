import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { QueryCondition, QuerySpec } from '../../../src/qbo/api.js';
import { toQueryString } from '../../../src/qbo/query.js';
import { parseQuery } from '../../../src/testing/qbo/query-parser.js';

/**
 * The emulator's query parser was written from Intuit's documentation, independently of the builder;
 * whatever the builder writes, it must read back to the same conditions.
 */

const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc
    .array(fc.constantFrom("'", '\\', '"', ' OR ', "' OR '1'='1", ',', ')', '(', 'a', 'é', '%'), { maxLength: 10 })
    .map((parts) => parts.join('')),
);
const scalar = fc.oneof(text, fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.boolean());
const field = fc.constantFrom('Name', 'DisplayName', 'Id', 'MetaData.LastUpdatedTime', 'Sku', 'QtyOnHand');
const condition: fc.Arbitrary<QueryCondition> = fc.oneof(
  fc.record({ field, operator: fc.constantFrom('=', '<', '>', '<=', '>=') as fc.Arbitrary<'='>, value: scalar }),
  fc.record({ field, operator: fc.constant('LIKE' as const), value: text }),
  fc.record({ field, operator: fc.constant('IN' as const), value: fc.array(scalar, { minLength: 1, maxLength: 4 }) }),
);

describe('builder output read back by the emulator parser (property)', () => {
  it('keeps entity, conditions, order and paging', () => {
    fc.assert(
      fc.property(
        fc.array(condition, { maxLength: 4 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 1000 }),
        (where, startPosition, maxResults) => {
          const spec: QuerySpec = { entity: 'Customer', where, orderBy: [{ field: 'Id', direction: 'DESC' }] };
          const parsed = parseQuery(toQueryString(spec, { startPosition, maxResults }));
          expect(parsed.entity).toBe('Customer');
          expect(parsed.where).toEqual(
            where.map((c) => ({
              field: c.field,
              op: c.operator,
              values: Array.isArray(c.value) ? c.value : [c.value],
            })),
          );
          expect(parsed.orderBy).toEqual([{ field: 'Id', desc: true }]);
          expect([parsed.startPosition, parsed.maxResults]).toEqual([startPosition, maxResults]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads COUNT(*), Dates and includeInactive', () => {
    const since = new Date('2024-03-01T10:20:30Z');
    const spec: QuerySpec = {
      entity: 'Item',
      where: [{ field: 'MetaData.LastUpdatedTime', operator: '>', value: since }],
      includeInactive: true,
    };
    const parsed = parseQuery(toQueryString(spec, { count: true }));
    expect(parsed.select).toEqual({ kind: 'count' });
    expect(parsed.where).toEqual([
      { field: 'MetaData.LastUpdatedTime', op: '>', values: ['2024-03-01T10:20:30Z'] },
      { field: 'Active', op: 'IN', values: [true, false] },
    ]);
  });
});
