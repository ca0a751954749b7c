import { describe, expect, it } from 'vitest';
import { ConfigurationError, MappingError } from '../../../src/core/errors.js';
import { ItemCreateSchema } from '../../../src/intellitrack/schemas/item.js';
import { mapInventory, mapItem } from '../../../src/mappers/item.js';
import { shortenDeterministic } from '../../../src/mappers/truncate.js';
import type { Item } from '../../../src/qbo/schemas/item.js';
import { deepFreeze, makeCtx, thrown } from './helpers.js';

/** An inventory item shaped like Intuit's documented inventory Item create sample ("Garden Supplies"). */
const inventoryItem = (over: Partial<Item> = {}): Item =>
  deepFreeze({
    Id: '19',
    SyncToken: '0',
    Name: 'Garden Supplies',
    FullyQualifiedName: 'Garden Supplies',
    Sku: 'GS-1',
    Description: 'Garden supplies',
    Active: true,
    Type: 'Inventory',
    UnitPrice: 10,
    PurchaseCost: 4.25,
    TrackQtyOnHand: true,
    QtyOnHand: 10,
    InvStartDate: '2015-01-01',
    IncomeAccountRef: { value: '79', name: 'Sales of Product Income' },
    ExpenseAccountRef: { value: '80', name: 'Cost of Goods Sold' },
    AssetAccountRef: { value: '81', name: 'Inventory Asset' },
    ...over,
  });

describe('mapItem', () => {
  it('maps an inventory item field by field into a valid IntelliTrack item', () => {
    const { value, warnings } = mapItem(inventoryItem(), makeCtx());
    expect(value).toEqual({
      divisionId: 'div-1',
      itemNumber: 'Garden Supplies',
      alternateNumber: 'GS-1',
      description: 'Garden supplies',
      uom: 'EA',
      unitCost: 4.25,
      unitPrice: 10,
      active: true,
      externalRef: '19',
      origin: 'qbo',
    });
    expect(warnings).toEqual([]);
    expect(ItemCreateSchema.safeParse(value).success).toBe(true);
  });

  it('keeps FullyQualifiedName of a sub-item and shortens it deterministically with a warning', () => {
    const fqn = 'Landscaping:Fountains:Rock Fountain Deluxe';
    const { value, warnings } = mapItem(
      inventoryItem({ Name: 'Rock Fountain Deluxe', FullyQualifiedName: fqn, SubItem: true }),
      makeCtx(),
    );
    expect(value.itemNumber).toHaveLength(25);
    expect(value.itemNumber).toBe(shortenDeterministic(fqn, 25));
    expect(value.itemNumber.startsWith('Landscaping:Fount')).toBe(true);
    expect(warnings).toContainEqual(expect.objectContaining({ field: 'FullyQualifiedName', code: 'truncated' }));
  });

  it('gives two long names with the same prefix different item numbers', () => {
    const a = mapItem(inventoryItem({ FullyQualifiedName: 'Hardware:Fasteners:Hex bolts M8 x 40' }), makeCtx());
    const b = mapItem(inventoryItem({ FullyQualifiedName: 'Hardware:Fasteners:Hex bolts M8 x 50' }), makeCtx());
    expect(a.value.itemNumber).not.toBe(b.value.itemNumber);
  });

  it('maps inactive to inactive and defaults missing prices to 0 with warnings', () => {
    const { value, warnings } = mapItem(
      inventoryItem({ Active: false, UnitPrice: undefined, PurchaseCost: undefined } as Partial<Item>),
      makeCtx(),
    );
    expect(value).toMatchObject({ active: false, unitCost: 0, unitPrice: 0 });
    expect(warnings.map((w) => [w.field, w.code])).toEqual([
      ['PurchaseCost', 'defaulted'],
      ['UnitPrice', 'defaulted'],
    ]);
  });

  it('uses a null alternate number when there is no SKU and truncates descriptions', () => {
    const { value, warnings } = mapItem(
      inventoryItem({ Sku: undefined, Description: 'd'.repeat(40) } as Partial<Item>),
      makeCtx(),
    );
    expect(value.alternateNumber).toBeNull();
    expect(value.description).toBe('d'.repeat(32));
    expect(warnings).toContainEqual(expect.objectContaining({ field: 'Description', code: 'truncated' }));
  });

  it.each([
    ['a Service item (recorded Plush Baby Doll)', { Type: 'Service' }, 'Type'],
    ['no name', { Name: undefined, FullyQualifiedName: undefined }, 'FullyQualifiedName'],
    ['a negative price', { UnitPrice: -1 }, 'UnitPrice'],
    ['no Id', { Id: undefined }, 'Id'],
  ])('throws MappingError for %s', (_name, over, path) => {
    const error = thrown(() => mapItem(inventoryItem(over as Partial<Item>), makeCtx()));
    expect(error).toBeInstanceOf(MappingError);
    expect(error).toMatchObject({ entity: 'Item', path });
  });

  it('needs a default UOM', () => {
    expect(() => mapItem(inventoryItem(), makeCtx({ defaultUom: undefined }))).toThrow(ConfigurationError);
  });
});

describe('mapInventory', () => {
  const links = { items: [{ qboId: '19', itId: 'it-19' }] };

  it('loads a positive quantity at the default site and location', () => {
    expect(mapInventory(inventoryItem({ QtyOnHand: 12.5 }), makeCtx({}, links))).toEqual({
      value: { itemId: 'it-19', siteId: 'site-1', locationId: 'loc-1', quantity: 12.5, mode: 'set' },
      warnings: [],
    });
  });

  it.each([
    ['zero', { QtyOnHand: 0 }, 'QtyOnHand'],
    ['negative', { QtyOnHand: -3 }, 'QtyOnHand'],
    ['missing', { QtyOnHand: undefined }, 'QtyOnHand'],
    ['untracked', { TrackQtyOnHand: false }, 'TrackQtyOnHand'],
  ])('skips a %s quantity with the reason', (_name, over, field) => {
    const result = mapInventory(inventoryItem(over as Partial<Item>), makeCtx({}, links));
    expect(result.value).toBeNull();
    expect(result.warnings).toEqual([expect.objectContaining({ field, code: 'skipped' })]);
  });

  it('skips an item that is not linked yet', () => {
    const result = mapInventory(inventoryItem(), makeCtx({}, {}));
    expect(result.value).toBeNull();
    expect(result.warnings[0]?.message).toContain('not linked');
  });

  it('needs the default site and location', () => {
    expect(() => mapInventory(inventoryItem(), makeCtx({ defaultLocationId: undefined }, links))).toThrow(
      ConfigurationError,
    );
  });
});
