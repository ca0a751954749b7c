import { describe, expect, it } from 'vitest';
import { ConfigurationError, MappingError } from '../../../src/core/errors.js';
import type { Adjustment } from '../../../src/intellitrack/schemas/inventory.js';
import { mapAdjustmentsToQbo } from '../../../src/mappers/adjustment.js';
import { InventoryAdjustmentSchema } from '../../../src/qbo/schemas/inventory-adjustment.js';
import { deepFreeze, makeCtx, meta, thrown } from './helpers.js';

const adjustment = (id: string, itemId: string, quantityChange: number, occurredAt: string): Adjustment =>
  deepFreeze({
    ...meta(id),
    divisionId: 'div-1',
    itemId,
    siteId: 'site-1',
    locationId: 'loc-1',
    quantityChange,
    reason: id === 'adj-1' ? 'Cycle count' : '',
    occurredAt,
    exportStatus: 'pending',
    externalRef: null,
    exportedAt: null,
  });

describe('mapAdjustmentsToQbo', () => {
  const batch = [
    adjustment('adj-1', 'it-item-31', -2, '2026-02-27T09:00:00-08:00'),
    adjustment('adj-2', 'it-item-5', 3.5, '2026-02-28T17:00:00-08:00'),
  ];

  it('builds one InventoryAdjustment with a QtyDiff line per adjustment', () => {
    const { value, warnings } = mapAdjustmentsToQbo(batch, makeCtx());
    expect(value).toEqual({
      TxnDate: '2026-02-28',
      AdjustAccountRef: { value: '201' },
      PrivateNote: 'IntelliTrack adjustments adj-1, adj-2',
      Line: [
        {
          LineNum: 1,
          DetailType: 'ItemAdjustmentLineDetail',
          Description: 'IntelliTrack adjustment adj-1: Cycle count',
          ItemAdjustmentLineDetail: { ItemRef: { value: '31', name: 'Irrigation Hose' }, QtyDiff: -2 },
        },
        {
          LineNum: 2,
          DetailType: 'ItemAdjustmentLineDetail',
          Description: 'IntelliTrack adjustment adj-2',
          ItemAdjustmentLineDetail: { ItemRef: { value: '5', name: 'Rock Fountain' }, QtyDiff: 3.5 },
        },
      ],
    });
    expect(warnings).toEqual([]);
    expect(InventoryAdjustmentSchema.safeParse(value).success).toBe(true);
  });

  it('needs the adjustment account', () => {
    expect(() => mapAdjustmentsToQbo(batch, makeCtx({ adjustmentAccountId: undefined }))).toThrow(ConfigurationError);
  });

  it('throws a MappingError naming the adjustment whose item is not linked', () => {
    const error = thrown(() =>
      mapAdjustmentsToQbo([adjustment('adj-9', 'ghost', 1, '2026-02-27T09:00:00Z')], makeCtx()),
    );
    expect(error).toBeInstanceOf(MappingError);
    expect(error).toMatchObject({ entity: 'Adjustment', sourceId: 'adj-9', path: 'itemId' });
  });

  it('throws on an empty list', () => {
    expect(() => mapAdjustmentsToQbo([], makeCtx())).toThrow(MappingError);
  });
});
