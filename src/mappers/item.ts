import { ConfigurationError } from '../core/errors.js';
import type { InventoryLoad } from '../intellitrack/schemas/inventory.js';
import type { ItemCreate } from '../intellitrack/schemas/item.js';
import type { Item as QboItem } from '../qbo/schemas/item.js';
import { withoutInactiveMarker } from './inactive-name.js';
import { fail, requireAmount, requireId, type Subject } from './support.js';
import { fitText } from './truncate.js';
import type { MapContext, MappingWarning, MapResult } from './types.js';

/** True for QBO items the warehouse tracks (`Type` Inventory); filter with it before mapping. */
export function isInventoryItem(item: QboItem): boolean {
  return item.Type === 'Inventory';
}

export { QBO_DELETED_SUFFIX } from './inactive-name.js';

/**
 * The item's name without QBO's inactive marker: for an inactive item, one trailing " (deleted)" is
 * removed from each `:`-separated level, so the IntelliTrack number does not change when an item is
 * deactivated (and matching finds the same IntelliTrack item). An active item's name is its real
 * name, kept as it is even when it ends in "(deleted)": QBO only marks inactive items.
 */
export function itemNameOf(item: QboItem): string {
  const name = item.FullyQualifiedName ?? item.Name ?? '';
  if (item.Active !== false) return name;
  return name
    .split(':')
    .map((level) => withoutInactiveMarker(level, false))
    .join(':');
}

function itemNumber(item: QboItem, subject: Subject, ctx: MapContext, warnings: MappingWarning[]): string {
  const name = itemNameOf(item).trim();
  if (name === '') fail(subject, 'FullyQualifiedName', 'the item has no name');
  return fitText(name, { path: 'FullyQualifiedName', field: 'itemNumber', warnings, unique: true }, ctx);
}

function money(value: number | undefined, path: string, subject: Subject, warnings: MappingWarning[]): number {
  if (value === undefined) {
    warnings.push({ field: path, code: 'defaulted', message: `${path} is missing; 0 was used.` });
    return 0;
  }
  return requireAmount(subject, value, path);
}

/**
 * QBO Item -> IntelliTrack item. Only `Type: "Inventory"` items map; any other type is a
 * MappingError on `Type` (the sync engine filters with {@link isInventoryItem} first). The item number
 * is the FullyQualifiedName ("Parent:Sub"), shortened deterministically when too long, without the
 * " (deleted)" QBO appends to inactive items (`itemNameOf`); the SKU becomes the alternate number;
 * Active carries over (inactive in QBO => inactive in IntelliTrack).
 * @throws MappingError when the item has no Id or name, is not an inventory item, or has a negative price.
 * @throws ConfigurationError when `settings.defaultUom` is not set.
 * @example
 * const { value, warnings } = mapItem(qboItem, ctx);
 */
export function mapItem(item: QboItem, ctx: MapContext): MapResult<ItemCreate> {
  const id = requireId('Item', item.Id);
  const subject = { entity: 'Item', id };
  if (!isInventoryItem(item))
    fail(subject, 'Type', `only Inventory items are synced, this one is "${item.Type ?? '(none)'}"`);
  const uom = ctx.settings.defaultUom;
  if (uom === undefined || uom === '') throw new ConfigurationError('settings.defaultUom is required to map items.');
  const warnings: MappingWarning[] = [];
  const sku = item.Sku?.trim() ?? '';
  const value: ItemCreate = {
    divisionId: ctx.settings.divisionId,
    itemNumber: itemNumber(item, subject, ctx, warnings),
    alternateNumber:
      sku === '' ? null : fitText(sku, { path: 'Sku', field: 'alternateNumber', warnings, unique: true }, ctx),
    description: fitText(item.Description ?? '', { path: 'Description', field: 'description', warnings }, ctx),
    uom,
    unitCost: money(item.PurchaseCost, 'PurchaseCost', subject, warnings),
    unitPrice: money(item.UnitPrice, 'UnitPrice', subject, warnings),
    active: item.Active ?? true,
    externalRef: id,
    origin: 'qbo',
  };
  return { value, warnings };
}

function skip(reason: string, field: string): MapResult<InventoryLoad | null> {
  return { value: null, warnings: [{ field, code: 'skipped', message: reason }] };
}

/**
 * QBO item quantity -> IntelliTrack inventory load at the default site and location. Returns `null`
 * with a `skipped` warning giving the reason when there is nothing to load: quantity ≤ 0 or missing,
 * quantity not tracked, or the item not linked to IntelliTrack yet.
 * @throws MappingError when the item has no Id.
 * @throws ConfigurationError when `settings.defaultSiteId` or `settings.defaultLocationId` is not set.
 */
export function mapInventory(item: QboItem, ctx: MapContext): MapResult<InventoryLoad | null> {
  const id = requireId('Item', item.Id);
  const { defaultSiteId: siteId, defaultLocationId: locationId } = ctx.settings;
  if (!siteId || !locationId) {
    throw new ConfigurationError(
      'settings.defaultSiteId and settings.defaultLocationId are required to load inventory.',
    );
  }
  if (item.TrackQtyOnHand === false) return skip(`Item ${id} does not track quantity on hand.`, 'TrackQtyOnHand');
  const qty = item.QtyOnHand;
  if (qty === undefined || !Number.isFinite(qty)) return skip(`Item ${id} has no QtyOnHand.`, 'QtyOnHand');
  if (qty <= 0) return skip(`Item ${id} has QtyOnHand ${qty}; only positive quantities are loaded.`, 'QtyOnHand');
  const itemId = ctx.lookup.itItemId(id);
  if (itemId === undefined) return skip(`Item ${id} is not linked to an IntelliTrack item yet.`, 'Id');
  return { value: { itemId, siteId, locationId, quantity: qty, mode: 'set' }, warnings: [] };
}
