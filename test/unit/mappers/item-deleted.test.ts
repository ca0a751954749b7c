import { describe, expect, it } from 'vitest';
import { defaultMappers } from '../../../src/mappers/registry.js';
import type { Item } from '../../../src/qbo/schemas/item.js';
import { makeCtx } from './helpers.js';

const ctx = makeCtx();
const item = (fields: Partial<Item>): Item => ({
  Id: '41',
  Type: 'Inventory',
  UnitPrice: 2,
  PurchaseCost: 1,
  Active: true,
  ...fields,
});
const numberOf = (fields: Partial<Item>) => defaultMappers.item(item(fields), ctx).value.itemNumber;

describe('QBO\'s " (deleted)" name marker on inactive items', () => {
  it('is not part of the IntelliTrack item number of an inactive item', () => {
    expect(
      numberOf({ Name: 'Garden Hose (deleted)', FullyQualifiedName: 'Garden Hose (deleted)', Active: false }),
    ).toBe('Garden Hose');
  });

  it('is removed from every level of a sub-item whose parent is inactive too', () => {
    const fqn = 'Hoses (deleted):Garden Hose (deleted)';
    expect(numberOf({ Name: 'Garden Hose (deleted)', FullyQualifiedName: fqn, Active: false })).toBe(
      'Hoses:Garden Hose',
    );
  });

  it('is removed once only: a name that ended in "(deleted)" before it was deactivated keeps it', () => {
    const name = 'Box (deleted) (deleted)';
    expect(numberOf({ Name: name, FullyQualifiedName: name, Active: false })).toBe('Box (deleted)');
  });

  it('stays when the item is active: QBO only marks inactive items, so it is part of the real name', () => {
    expect(numberOf({ Name: 'Box (deleted)', FullyQualifiedName: 'Box (deleted)', Active: true })).toBe(
      'Box (deleted)',
    );
  });

  it('an inactive and an active mapping of the same item give the same number (no rename on deactivation)', () => {
    const active = defaultMappers.item(item({ Name: 'Rake', FullyQualifiedName: 'Rake' }), ctx).value;
    const inactive = defaultMappers.item(
      item({ Name: 'Rake (deleted)', FullyQualifiedName: 'Rake (deleted)', Active: false }),
      ctx,
    ).value;
    expect(inactive).toEqual({ ...active, active: false });
  });
});
