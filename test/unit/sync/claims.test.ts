import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClaimTable } from '../../../src/sync/flows/master/claims.js';

describe('ClaimTable', () => {
  it('answers like a Map of lower-cased field:value keys, through growth, for any values and ids', () => {
    const claim = fc.record({
      field: fc.constantFrom('itemNumber', 'companyName', 'vendorNumber'),
      value: fc.string({ maxLength: 30, unit: 'grapheme' }),
      owner: fc.oneof(fc.integer({ min: 0, max: 10 ** 12 }).map(String), fc.string({ maxLength: 12 })),
    });
    fc.assert(
      fc.property(fc.array(claim, { maxLength: 3000 }), (claims) => {
        const table = new ClaimTable();
        const reference = new Map<string, string>();
        for (const c of claims) {
          const k = `${c.field}:${c.value.toLowerCase()}`;
          expect(table.get(c.field, c.value)).toBe(reference.get(k));
          table.set(c.field, c.value, c.owner);
          reference.set(k, c.owner);
        }
        expect(table.size).toBe(reference.size);
        for (const c of claims) {
          expect(table.get(c.field, c.value)).toBe(reference.get(`${c.field}:${c.value.toLowerCase()}`));
          expect(table.has(c.field, c.value)).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('keeps 100k claims apart (no two item numbers share a fingerprint) and tells them from unclaimed values', () => {
    const table = new ClaimTable();
    for (let i = 0; i < 100_000; i += 1) table.set('itemNumber', `SKU-${i}`, String(1000 + i));
    expect(table.size).toBe(100_000);
    for (let i = 0; i < 100_000; i += 1) expect(table.get('itemNumber', `sku-${i}`)).toBe(String(1000 + i));
    for (let i = 100_000; i < 120_000; i += 1) expect(table.has('itemNumber', `SKU-${i}`)).toBe(false);
    // the field is part of the key
    expect(table.has('companyName', 'SKU-1')).toBe(false);
  });

  it('keeps ids that are not plain numbers as they are', () => {
    const table = new ClaimTable();
    table.set('itemNumber', 'A', '007');
    table.set('itemNumber', 'B', 'ext-12');
    table.set('itemNumber', 'C', '12345678901234567890');
    expect(table.get('itemNumber', 'a')).toBe('007');
    expect(table.get('itemNumber', 'b')).toBe('ext-12');
    expect(table.get('itemNumber', 'c')).toBe('12345678901234567890');
    table.set('itemNumber', 'B', '42');
    expect(table.get('itemNumber', 'B')).toBe('42');
    expect(table.size).toBe(3);
  });
});
