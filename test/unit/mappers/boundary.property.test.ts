import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MappingError } from '../../../src/core/errors.js';
import { defaultMappers, type MapperName } from '../../../src/mappers/registry.js';
import type { MapResult } from '../../../src/mappers/types.js';
import { deepFreeze, makeCtx } from './helpers.js';
import { MAPPER_SOURCES as SOURCES } from './properties.arbitraries.js';

/** Strings a careless or hostile source sends: lone surrogates, control characters, huge values. */
const nastyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    'constructor',
    '__proto__',
    'toString',
    '\uD800',
    'a\uDC00b',
    '\u0000',
    '\r\n',
    '..',
    '/',
    '\u202E',
    ' (deleted)',
    'x'.repeat(100_000),
  ),
);
/** Any value a schema-invalid record may hold where something else was expected. */
const nastyValue = fc.oneof(
  nastyString,
  fc.constantFrom(null, undefined, true, 0, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e308, -1e308, [], {}),
  fc.double(),
  fc.anything({ maxDepth: 2 }),
);

/** Every (path, holder) of a JSON-like value, the root included. */
function slots(value: unknown, out: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = []) {
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      out.push({ parent: value as Record<string, unknown>, key: Array.isArray(value) ? Number(key) : key });
      slots(child, out);
    }
  }
  return out;
}

/** `valid` with a few fields (any depth) replaced by nasty values, or a nasty value for the whole record. */
function mutated<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  const changes = fc.array(fc.tuple(fc.nat(), nastyValue), { minLength: 1, maxLength: 3 });
  const mutatedRecord = fc.tuple(valid, changes).map(([record, edits]) => {
    const copy = structuredClone(record) as unknown;
    for (const [at, value] of edits) {
      const all = slots(copy);
      const slot = all[at % Math.max(all.length, 1)];
      if (slot) (slot.parent as Record<string | number, unknown>)[slot.key] = value;
    }
    return copy;
  });
  return fc.oneof({ arbitrary: mutatedRecord, weight: 5 }, { arbitrary: nastyValue, weight: 1 });
}

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
