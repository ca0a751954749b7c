import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { type MergeInput, mergeFields } from '../../../src/sync/merge/merge.js';
import { resolveConflictPolicies } from '../../../src/sync/merge/policy.js';

const FIELDS = ['email', 'telephone', 'shipTo'];
const BASE = { email: 'a', telephone: '1', shipTo: { city: 'Oslo' } };

function input(qbo: object, it: object, extra: Partial<MergeInput> = {}): MergeInput {
  return {
    fields: FIELDS,
    base: BASE,
    qbo: { values: { ...BASE, ...qbo }, updatedAt: 1000 },
    it: { values: { ...BASE, ...it }, updatedAt: 2000 },
    policies: { email: 'qbo-wins', telephone: 'qbo-wins', shipTo: 'intellitrack-wins' },
    ...extra,
  };
}

describe('mergeFields', () => {
  it.each([
    ['nothing changed', {}, {}, { toIt: [], toQbo: [] }],
    ['QBO changed a field', { email: 'b' }, {}, { toIt: ['email'], toQbo: [] }],
    ['IntelliTrack changed a field', {}, { telephone: '2' }, { toIt: [], toQbo: ['telephone'] }],
    [
      'different fields on each side merge',
      { email: 'b' },
      { telephone: '2' },
      { toIt: ['email'], toQbo: ['telephone'] },
    ],
    ['the same change on both sides needs no write', { email: 'b' }, { email: 'b' }, { toIt: [], toQbo: [] }],
    ['a billing field changed on both: QBO wins', { email: 'b' }, { email: 'c' }, { toIt: ['email'], toQbo: [] }],
    [
      'a ship-to changed on both: IntelliTrack wins',
      { shipTo: { city: 'A' } },
      { shipTo: { city: 'B' } },
      { toIt: [], toQbo: ['shipTo'] },
    ],
  ])('%s', (_name, qbo, it, expected) => {
    const result = mergeFields(input(qbo, it));
    expect({ toIt: result.toIt, toQbo: result.toQbo }).toEqual(expected);
    expect(result.conflicts).toEqual([]);
  });

  it('newest takes the side updated last, QBO on a tie', () => {
    const policies = { email: 'newest', telephone: 'newest', shipTo: 'newest' } as const;
    expect(mergeFields(input({ email: 'b' }, { email: 'c' }, { policies })).merged.email).toBe('c');
    const tie = input({ email: 'b' }, { email: 'c' }, { policies });
    tie.it.updatedAt = 1000;
    expect(mergeFields(tie).merged.email).toBe('b');
  });

  it('manual leaves the field at its last synced value with both values, unless a decision was made', () => {
    const policies = { email: 'manual', telephone: 'qbo-wins', shipTo: 'qbo-wins' } as const;
    const open = mergeFields(input({ email: 'b' }, { email: 'c', telephone: '2' }, { policies }));
    expect(open.conflicts).toEqual([{ field: 'email', qbo: 'b', intellitrack: 'c' }]);
    expect(open.merged.email).toBe('a');
    const decided = mergeFields(
      input({ email: 'b' }, { email: 'c' }, { policies, decisions: { email: 'intellitrack' } }),
    );
    expect(decided.toQbo).toEqual(['email']);
    expect(decided.decided).toEqual([{ field: 'email', winner: 'intellitrack', by: 'resolved' }]);
  });

  it('ends with both sides holding the merged values, whatever changed (property)', () => {
    const value = fc.constantFrom('a', 'b', 'c', null);
    const side = fc.record({ email: value, telephone: value, shipTo: value });
    fc.assert(
      fc.property(side, side, side, (base, qbo, it) => {
        const result = mergeFields({
          fields: FIELDS,
          base,
          qbo: { values: qbo, updatedAt: 1 },
          it: { values: it, updatedAt: 2 },
          policies: { email: 'qbo-wins', telephone: 'newest', shipTo: 'intellitrack-wins' },
        });
        const afterQbo = { ...qbo, ...Object.fromEntries(result.toQbo.map((f) => [f, it[f as 'email']])) };
        const afterIt = { ...it, ...Object.fromEntries(result.toIt.map((f) => [f, qbo[f as 'email']])) };
        expect(afterQbo).toEqual(afterIt);
        expect(afterQbo).toEqual(result.merged);
      }),
    );
  });
});

describe('resolveConflictPolicies', () => {
  it('defaults: QBO wins billing fields, IntelliTrack ship-to and carrier; "*" and fields override', () => {
    const resolved = resolveConflictPolicies({ customer: { '*': 'manual', email: 'newest' } });
    expect(resolved.customer).toMatchObject({ email: 'newest', telephone: 'manual', shipTo: 'manual' });
    expect(resolved.receivingOrder).toEqual({
      orderDate: 'qbo-wins',
      dueDate: 'qbo-wins',
      shipTo: 'intellitrack-wins',
      carrier: 'intellitrack-wins',
      lines: 'qbo-wins',
    });
  });

  it.each([
    [{ vendor: {} }, /settings\.conflicts\.vendor: not a two-way entity/],
    [{ pickingOrder: { notes: 'manual' } }, /settings\.conflicts\.pickingOrder\.notes: not a two-way field/],
    [{ customer: { email: 'last' } }, /settings\.conflicts\.customer\.email must be one of/],
  ])('refuses %j with a ConfigurationError naming it', (settings, message) => {
    expect(() => resolveConflictPolicies(settings as never)).toThrow(ConfigurationError);
    expect(() => resolveConflictPolicies(settings as never)).toThrow(message);
  });
});
