import type { Flow } from '../context.js';
import { planMaster, retryMaster } from './master/flow.js';
import type { MasterSpec } from './master/record.js';

/** QBO Items of Type Inventory, active and inactive, into the division's item list. */
export const ITEM_SPEC: MasterSpec = {
  entity: 'item',
  resource: 'items',
  qboEntity: 'Item',
  prefix: 'item',
  query: { entity: 'Item', where: [{ field: 'Type', operator: '=', value: 'Inventory' }], includeInactive: true },
  keep: (record) => record.Type === 'Inventory',
  mapper: 'item',
  createInactive: true,
  matchFields: ['alternateNumber', 'itemNumber'],
};

/**
 * `syncItems`: QBO -> IntelliTrack. Sub-items keep QBO's FullyQualifiedName; unlinked IntelliTrack
 * items are matched by SKU, then name; ambiguous matches and number collisions are conflicts.
 * Remembers each item's QtyOnHand when the same run imports inventory.
 */
export const itemsFlow: Flow = {
  name: 'items',
  entity: 'item',
  qboEntities: ['Item'],
  plan: (ctx, watermarks) =>
    planMaster(ctx, ITEM_SPEC, watermarks, {
      onRecord: (record) => {
        if (ctx.shared.keepQty && typeof record.Id === 'string') {
          ctx.shared.qboQty.set(record.Id, Number(record.QtyOnHand ?? 0));
        }
      },
      // After a full read the quantities noted are every Inventory item's: an item without one is gone.
      onRead: (mode) => {
        if (mode === 'full' && ctx.shared.keepQty) ctx.shared.itemsRead = true;
      },
    }),
  retry: (ctx, failed) => retryMaster(ctx, ITEM_SPEC, failed),
};
