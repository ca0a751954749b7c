import type { Item as QboItem } from '../../qbo/schemas/item.js';
import { type Flow, type FlowContext, runMapper } from '../context.js';
import type { PlanStep } from '../plan/steps.js';
import { collectDrift, driftSteps } from './master/drift.js';
import { deactivations, planQboPage, readQboChanges, retryMaster } from './master/flow.js';
import { type MasterSpec, newMasterRun } from './master/record.js';

/** QBO Items of Type Inventory, active and inactive, into the division's item list. */
export const ITEM_SPEC: MasterSpec<'Item', 'items'> = {
  entity: 'item',
  resource: 'items',
  qboEntity: 'Item',
  prefix: 'item',
  query: { entity: 'Item', where: [{ field: 'Type', operator: '=', value: 'Inventory' }], includeInactive: true },
  keep: (item) => item.Type === 'Inventory',
  toIt: (ctx, item) => runMapper(ctx, 'item', item),
  createInactive: true,
  matchFields: ['alternateNumber', 'itemNumber'],
};

/** Remembers an item's QtyOnHand when the same run imports inventory. */
function noteQuantity(ctx: FlowContext, item: QboItem): void {
  if (ctx.shared.keepQty && item.Id !== undefined) ctx.shared.qboQty.set(item.Id, Number(item.QtyOnHand ?? 0));
}

/** The items flow, read → decide → write, a page at a time. */
async function* planItems(ctx: FlowContext, watermarks: Record<string, string>): AsyncIterable<PlanStep[]> {
  const run = newMasterRun(ctx, ITEM_SPEC);
  // 1. Read IntelliTrack's item feed first: drift on a linked item and a QBO change of it make one write.
  await collectDrift(ctx, ITEM_SPEC, run, watermarks);
  // 2. Read QBO's item changes (CDC; every Inventory item when there is no recent watermark).
  const read = await readQboChanges(ctx, ITEM_SPEC);
  // 3. Decide and write each QBO item: create, match by SKU then name, or update the IntelliTrack item.
  for await (const page of read.pages) {
    yield* planQboPage(ctx, { spec: ITEM_SPEC, run, progress: read.progress }, page, (item) => noteQuantity(ctx, item));
  }
  // After a full read the quantities noted are every Inventory item's: an item without one is gone.
  if (read.mode === 'full' && ctx.shared.keepQty) ctx.shared.itemsRead = true;
  // 4. Write QBO's values back over drift QBO did not touch (policy `overwrite`); deactivate deleted items.
  yield driftSteps(ITEM_SPEC, run);
  yield await deactivations(ctx, ITEM_SPEC, read.deleted);
  watermarks[read.watermark.key] = read.watermark.value;
}

/**
 * `syncItems`: QBO -> IntelliTrack. Sub-items keep QBO's FullyQualifiedName; unlinked IntelliTrack
 * items are matched by SKU, then name; ambiguous matches and number collisions are conflicts.
 * Remembers each item's QtyOnHand when the same run imports inventory.
 */
export const itemsFlow: Flow = {
  name: 'items',
  entity: 'item',
  qboEntities: ['Item'],
  plan: planItems,
  retry: (ctx, failed) => retryMaster(ctx, ITEM_SPEC, failed),
};
