import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QuantityTable } from '../../../src/sync/flows/quantities.js';

describe('QuantityTable', () => {
  it('answers like a Map of item ids, numeric or not', () => {
    const id = fc.oneof(
      fc.nat({ max: 2 ** 31 }).map(String),
      fc.constantFrom('0', '00', '01', '-1', '1e3', ' 1', '1073741823', '1073741824', '999999999', '1000000000'),
      fc.string({ maxLength: 10 }),
    );
    const quantity = fc.oneof(fc.integer({ min: -5, max: 10 ** 6 }), fc.double({ noNaN: true }));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(id, quantity), { maxLength: 500 }),
        fc.array(id, { maxLength: 50 }),
        (sets, probes) => {
          const table = new QuantityTable();
          const reference = new Map<string, number>();
          for (const [k, q] of sets) {
            table.set(k, q);
            reference.set(k, q);
          }
          expect(table.size).toBe(reference.size);
          for (const k of [...reference.keys(), ...probes]) expect(table.get(k)).toBe(reference.get(k));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('keeps 100k numeric ids through its growth, and tells them from absent ones', () => {
    const table = new QuantityTable();
    for (let i = 1; i <= 100_000; i += 1) table.set(String(i * 7), i % 13 === 0 ? 0.5 : i);
    table.set('70', -3);
    expect(table.size).toBe(100_000);
    expect(table.get('70')).toBe(-3);
    for (let i = 11; i <= 100_000; i += 1) expect(table.get(String(i * 7))).toBe(i % 13 === 0 ? 0.5 : i);
    for (let i = 1; i <= 1000; i += 1) expect(table.get(String(i * 7 + 1))).toBeUndefined();
  });
});
