import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MappingError } from '../../../src/core/errors.js';
import { defaultMappers, type MapperName } from '../../../src/mappers/registry.js';
import type { MapResult } from '../../../src/mappers/types.js';
import { deepFreeze, makeCtx } from './helpers.js';
import { mutated } from './mutations.js';
import { MAPPER_SOURCES as SOURCES } from './properties.arbitraries.js';

const ctx = makeCtx();

/** A mapper's outcome: its result, or the MappingError it threw. Anything else fails the property. */
function outcome(name: MapperName, source: unknown): MapResult<unknown> | MappingError {
  const mapper = defaultMappers[name] as (s: unknown, c: typeof ctx) => MapResult<unknown>;
  try {
    return mapper(deepFreeze(source), ctx);
  } catch (error) {
    if (error instanceof MappingError) return error;
    throw new Error(`${name} threw ${String(error)} for ${JSON.stringify(source)?.slice(0, 300)}`, { cause: error });
  }
}

describe('every mapper at its boundary (property): a value or a MappingError, nothing else', () => {
  for (const name of Object.keys(SOURCES) as MapperName[]) {
    it(`${name}: schema-invalid records and nasty strings`, () => {
      fc.assert(
        fc.property(mutated(SOURCES[name]), (source) => {
          const result = outcome(name, source);
          if (result instanceof MappingError) {
            expect(result.entity).not.toBe('');
            expect(typeof result.path).toBe('string');
          }
        }),
        { numRuns: 300 },
      );
    });
  }

  it('a lone surrogate anywhere in a record is a MappingError naming the field', () => {
    const item = { Id: '7', Name: 'Hose \uD83D', Type: 'Inventory', Active: true, UnitPrice: 1, PurchaseCost: 1 };
    const error = outcome('item', item);
    expect(error).toBeInstanceOf(MappingError);
    expect(error).toMatchObject({ entity: 'Item', sourceId: '7', path: 'Name' });
  });

  it('a schema-invalid field is a MappingError with the entity, source id and path', () => {
    const po = {
      Id: '12',
      VendorRef: { value: '24' },
      Line: [{ DetailType: 'ItemBasedExpenseLineDetail', Amount: 'ten' }],
    };
    const error = outcome('purchaseOrderToReceiving', po);
    expect(error).toBeInstanceOf(MappingError);
    expect(error).toMatchObject({ entity: 'PurchaseOrder', sourceId: '12', path: 'Line[0].Amount' });
  });
});
