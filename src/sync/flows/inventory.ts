import { ConfigurationError } from '../../core/errors.js';
import type { Flow, FlowContext } from '../context.js';
import { shortDigest } from '../journal.js';
import type { LinkStateStep, PlanStep } from '../plan.js';
import type { Link } from '../store.js';
import { ITEM_SPEC } from './items.js';

/**
 * Linked items whose quantity has not been imported yet (all linked items when forced); in a dry run
 * or plan, also the items an earlier step of it links (their IntelliTrack id may be a placeholder).
 */
async function pendingLinks(ctx: FlowContext): Promise<Map<string, Link>> {
  const pending = new Map<string, Link>();
  const linked = new Set<string>();
  for await (const page of ctx.store.listLinks('item')) {
    for (const link of page) {
      if (ctx.dryRun) linked.add(link.qboId);
      if (link.origin === 'qbo' && (ctx.force || link.data.inventoryImported !== true)) pending.set(link.qboId, link);
    }
  }
  if (!ctx.dryRun) return pending;
  for (const planned of ctx.planned.list('item')) {
    if (planned.origin !== 'qbo' || linked.has(planned.qboId)) continue;
    pending.set(planned.qboId, { ...planned, ...UNSYNCED });
  }
  return pending;
}

/** The rest of a link that only exists in a plan so far. */
const UNSYNCED = { qboSyncToken: null, itVersion: null, qboHash: null, itHash: null, data: {}, updatedAt: 0 };

/** QBO quantities of `wanted` items: from this run's item read where it has them, else one paged read. */
async function quantities(ctx: FlowContext, wanted: ReadonlyMap<string, Link>): Promise<Map<string, number>> {
  const qty = new Map<string, number>();
  for (const id of wanted.keys()) {
    const known = ctx.shared.qboQty.get(id);
    if (known !== undefined) qty.set(id, known);
  }
  if (qty.size === wanted.size) return qty;
  const pages = ctx.qbo.queryPages(ITEM_SPEC.query as never, ctx.signal ? { signal: ctx.signal } : {});
  for await (const page of pages) {
    for (const record of page.records as unknown as Record<string, unknown>[]) {
      if (typeof record.Id !== 'string' || record.Type !== 'Inventory') continue;
      if (wanted.has(record.Id)) qty.set(record.Id, Number(record.QtyOnHand ?? 0));
      else ctx.report.skip('inventory', record.Id, 'item is not linked to IntelliTrack (run syncItems first)');
    }
  }
  return qty;
}

function loadStep(ctx: FlowContext, link: Link, quantity: number, runKey: string): PlanStep {
  const siteId = ctx.defaults.siteId as string;
  const locationId = ctx.defaults.locationId as string;
  const key = ctx.force ? `inv:${link.qboId}:load:${runKey}` : `inv:${link.qboId}:load`;
  return {
    kind: 'it.loadInventory',
    key,
    entity: 'inventory',
    sourceId: link.qboId,
    action: 'create',
    summary: `set IntelliTrack quantity of item ${link.itId} to ${quantity} at location ${locationId}`,
    body: { itemId: link.itId, siteId, locationId, quantity, mode: 'set' },
    link: {
      entity: 'item',
      origin: 'qbo',
      qboId: link.qboId,
      itId: link.itId,
      data: { inventoryImported: true, inventoryQty: quantity },
    },
  };
}

/**
 * Nothing to load is still the item's one-time import: from now on IntelliTrack owns its quantity, so
 * a later QBO quantity (e.g. raised by a posted-back receipt) never overwrites warehouse counts. The
 * mark is a state-only step of the plan, so a dry run writes nothing and `apply()` marks it too.
 */
function skipNothingToLoad(ctx: FlowContext, link: Link, quantity: number): LinkStateStep {
  ctx.report.skip('inventory', link.qboId, `QBO quantity on hand is ${quantity}; only > 0 is imported`);
  return {
    kind: 'state.link',
    key: `inv:${link.qboId}:nothing`,
    entity: 'inventory',
    sourceId: link.qboId,
    action: 'none',
    summary: `mark item ${link.qboId} imported: its QBO quantity ${quantity} is not loaded`,
    link: {
      entity: 'item',
      origin: 'qbo',
      qboId: link.qboId,
      itId: link.itId,
      data: { inventoryImported: true, inventoryQty: quantity },
    },
  };
}

/**
 * `importInventory`: QBO QtyOnHand -> IntelliTrack at the default site and location, only for linked
 * items with quantity > 0, once per item (IntelliTrack owns quantities afterwards) unless forced.
 */
export const inventoryFlow: Flow = {
  name: 'inventory',
  entity: 'inventory',
  qboEntities: [],
  async *plan(ctx) {
    if (!ctx.defaults.siteId || !ctx.defaults.locationId) {
      throw new ConfigurationError(
        'importInventory needs settings.defaultSite and settings.defaultLocation (or division/site defaults).',
      );
    }
    const pending = await pendingLinks(ctx);
    if (pending.size === 0) return;
    const qty = await quantities(ctx, pending);
    const runKey = shortDigest(new Date(ctx.clock.now()).toISOString());
    let steps: PlanStep[] = [];
    for (const [qboId, link] of pending) {
      const quantity = qty.get(qboId);
      ctx.report.count('inventory', 'read');
      if (quantity === undefined) ctx.report.skip('inventory', qboId, 'not an Inventory item in QBO any more');
      else if (!(quantity > 0)) steps.push(skipNothingToLoad(ctx, link, quantity));
      else steps.push(loadStep(ctx, link, quantity, runKey));
      if (steps.length >= 1000) {
        yield steps;
        steps = [];
      }
    }
    yield steps;
  },
  retry: async () => [],
};
