import { describe, expect, it } from 'vitest';
import { createMappers, defaultMappers, type MapperOverride, type Mappers } from '../../../src/mappers/registry.js';
import type { Item } from '../../../src/qbo/schemas/item.js';
import { deepFreeze, makeCtx } from './helpers.js';

const item = (over: Partial<Item> = {}): Item =>
  deepFreeze({
    Id: '19',
    Name: 'Hose',
    FullyQualifiedName: 'Garden:Hose',
    Type: 'Inventory',
    UnitPrice: 10,
    PurchaseCost: 4,
    CustomField: [{ DefinitionId: '1', Name: 'Bin class', Type: 'StringType', StringValue: 'BULK' }],
    ...over,
  });

describe('defaultMappers', () => {
  it('has every agreed mapper', () => {
    const names: (keyof Mappers)[] = [
      'item',
      'inventory',
      'vendor',
      'customer',
      'customerToQbo',
      'purchaseOrderToReceiving',
      'receivingToPurchaseOrder',
      'receiptToBill',
      'estimateToPicking',
      'pickingToEstimate',
      'pickToInvoice',
      'adjustmentsToQbo',
    ];
    expect(Object.keys(defaultMappers).sort()).toEqual([...names].sort());
    expect(Object.isFrozen(defaultMappers)).toBe(true);
  });
});

describe('createMappers', () => {
  it('maps a QBO custom field into an IntelliTrack field and adds a warning', () => {
    const mappers = createMappers({
      item: {
        fields: {
          category: ({ source, warn }) => {
            const bin = source.CustomField?.find((f) => f.Name === 'Bin class')?.StringValue;
            if (bin === undefined) warn({ field: 'CustomField', code: 'defaulted', message: 'no bin class' });
            return bin ?? null;
          },
          description: ({ value }) => `${value.description}!`,
        },
      },
    });
    expect(mappers.item(item(), makeCtx()).value).toMatchObject({
      category: 'BULK',
      description: '!',
      itemNumber: 'Garden:Hose',
    });
    const bare = mappers.item(item({ CustomField: [] }), makeCtx());
    expect(bare.value.category).toBeNull();
    expect(bare.warnings).toContainEqual({ field: 'CustomField', code: 'defaulted', message: 'no bin class' });
  });

  it('removes a field whose function returns undefined', () => {
    const mappers = createMappers({ item: { fields: { alternateNumber: () => undefined } } });
    expect(mappers.item(item({ Sku: 'S1' }), makeCtx()).value).not.toHaveProperty('alternateNumber');
  });

  it('replaces a whole mapper, given the base mappers to compose with, and leaves the others untouched', () => {
    let given: unknown;
    const vendor: MapperOverride<'vendor'> = (v, ctx, defaults) => {
      given = defaults;
      return defaults.vendor({ ...v, DisplayName: v.CompanyName ?? '' }, ctx);
    };
    const mappers = createMappers({ vendor });
    expect(mappers.customer).toBe(defaultMappers.customer);
    expect(mappers.vendor).not.toBe(defaultMappers.vendor);
    const result = mappers.vendor({ Id: '3', DisplayName: 'Shown', CompanyName: 'Legal Name Ltd' }, makeCtx());
    expect(result.value.companyName).toBe('Legal Name Ltd');
    expect(given).toBe(defaultMappers);
    const base = createMappers({ customer: { fields: { email: () => undefined } } });
    createMappers({ vendor }, base).vendor({ Id: '4', DisplayName: 'X', CompanyName: 'Y' }, makeCtx());
    expect(given).toBe(base);
  });

  it('runs `after` last and passes a skipped (null) inventory result through', () => {
    const mappers = createMappers({
      inventory: { after: (r) => ({ ...r, value: { ...r.value, mode: 'add' } }) },
    });
    const links = { items: [{ qboId: '19', itId: 'it-19' }] };
    expect(mappers.inventory(item({ QtyOnHand: 4 }), makeCtx({}, links)).value).toMatchObject({
      mode: 'add',
      quantity: 4,
    });
    expect(mappers.inventory(item({ QtyOnHand: 0 }), makeCtx({}, links)).value).toBeNull();
  });

  it('customises on top of a replaced mapper', () => {
    const mappers = createMappers({
      item: {
        mapper: (source, ctx) => defaultMappers.item({ ...source, Sku: 'FROM-MAPPER' }, ctx),
        fields: { model: () => 'M1' },
      },
    });
    expect(mappers.item(item(), makeCtx()).value).toMatchObject({ alternateNumber: 'FROM-MAPPER', model: 'M1' });
  });
});
