import { ConfigurationError } from '../../core/errors.js';
import type { Flow, FlowContext } from '../context.js';
import { shortDigest } from '../engine/journal.js';
import type { LinkSeed, LinkStateStep, PlanStep } from '../plan/steps.js';
import type { Link } from '../state/store.js';
import { ITEM_SPEC } from './items.js';

/** Steps planned per yield: the runner writes them before the next links are read. */
const SLICE = 500;

/** The link fields a load needs. */
type Pending = Pick<Link, 'qboId' | 'itId'>;

/** The link data flag an item's one-time import sets. */
const IMPORTED = 'inventoryImported';

/**
 * Stored item links whose quantity is still to be imported: the store's index of links without
 * the import mark, so a quiet run reads none (every linked item's when forced).
 */
function storedPending(ctx: FlowContext): AsyncIterable<Link[]> {
  return ctx.force ? ctx.store.listLinks('item') : ctx.store.listLinksWithout('item', IMPORTED);
}

/**
 * Links to import, a page at a time: stored ones first (keyset pages, so links this run updates
 * meanwhile are neither skipped nor repeated), then, in a dry run or plan, the items an earlier step
 * of it links (their IntelliTrack id may be a placeholder).
 */
async function* pendingPages(ctx: FlowContext): AsyncIterable<Pending[]> {
  for await (const page of storedPending(ctx)) {
    yield page.filter((link) => link.origin === 'qbo').map(({ qboId, itId }) => ({ qboId, itId }));
  }
  if (!ctx.dryRun) return;
  let planned: Pending[] = [];
  for (const link of ctx.planned.list('item')) {
    if (link.origin !== 'qbo' || (await ctx.store.getLinkByQboId('item', link.qboId))) continue;
    planned.push({ qboId: link.qboId, itId: link.itId });
    if (planned.length >= SLICE) {
      yield planned;
      planned = [];
    }
  }
  yield planned;
}

/** The item's link marked as having had its one-time inventory import (of `quantity`). */
function importedLink(link: Pending, quantity: number): LinkSeed & Pending {
  return {
    entity: 'item',
    origin: 'qbo',
    qboId: link.qboId,
    itId: link.itId,
    data: { [IMPORTED]: true, inventoryQty: quantity },
  };
}

function loadStep(ctx: FlowContext, link: Pending, quantity: number, runKey: string): PlanStep {
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
    link: importedLink(link, quantity),
  };
}

/**
 * Nothing to load is still the item's one-time import: from now on IntelliTrack owns its quantity, so
 * a later QBO quantity (e.g. raised by a posted-back receipt) never overwrites warehouse counts. The
 * mark is a state-only step of the plan, so a dry run writes nothing and `apply()` marks it too.
 */
function skipNothingToLoad(ctx: FlowContext, link: Pending, quantity: number): LinkStateStep {
  ctx.report.skip('inventory', link.qboId, `QBO quantity on hand is ${quantity}; only > 0 is imported`);
  return {
    kind: 'state.link',
    key: `inv:${link.qboId}:nothing`,
    entity: 'inventory',
    sourceId: link.qboId,
    action: 'none',
    summary: `mark item ${link.qboId} imported: its QBO quantity ${quantity} is not loaded`,
    link: importedLink(link, quantity),
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
    const runKey = shortDigest(new Date(ctx.clock.now()).toISOString());
    const plan = (link: Pending, quantity: number | undefined): PlanStep | undefined => {
      ctx.report.count('inventory', 'read');
      if (quantity === undefined) {
        ctx.report.skip('inventory', link.qboId, 'not an Inventory item in QBO any more');
        return undefined;
      }
      return quantity > 0 ? loadStep(ctx, link, quantity, runKey) : skipNothingToLoad(ctx, link, quantity);
    };
    // Quantities this run's item read noted are used at once; the others (an importInventory on its
    // own) wait, as QBO id -> IntelliTrack id only, for one paged read of QBO's items.
    const unknown = new Map<string, string>();
    for await (const page of pendingPages(ctx)) {
      const steps: PlanStep[] = [];
      for (const link of page) {
        const known = ctx.shared.qboQty.get(link.qboId);
        if (known === undefined && !ctx.shared.itemsRead) unknown.set(link.qboId, link.itId);
        else {
          const step = plan(link, known);
          if (step) steps.push(step);
        }
      }
      for (let i = 0; i < steps.length; i += SLICE) yield steps.slice(i, i + SLICE);
    }
    if (unknown.size > 0) yield* planFromQbo(ctx, unknown, plan);
  },
  retry: async () => [],
};

/** Plans the loads of `unknown` (QBO id -> IntelliTrack id) from one paged read of QBO's items. */
async function* planFromQbo(
  ctx: FlowContext,
  unknown: Map<string, string>,
  plan: (link: Pending, quantity: number | undefined) => PlanStep | undefined,
): AsyncIterable<PlanStep[]> {
  const pages = ctx.qbo.pages(ITEM_SPEC.query as never, ctx.signal ? { signal: ctx.signal } : {});
  for await (const page of pages) {
    const steps: PlanStep[] = [];
    for (const record of page.records as unknown as Record<string, unknown>[]) {
      if (typeof record.Id !== 'string' || record.Type !== 'Inventory') continue;
      const itId = unknown.get(record.Id);
      if (itId !== undefined) {
        unknown.delete(record.Id);
        const step = plan({ qboId: record.Id, itId }, Number(record.QtyOnHand ?? 0));
        if (step) steps.push(step);
      } else if (!(await ctx.store.getLinkByQboId('item', record.Id)) && !ctx.planned.byQboId('item', record.Id)) {
        ctx.report.skip('inventory', record.Id, 'item is not linked to IntelliTrack (run syncItems first)');
      }
    }
    yield steps;
  }
  const gone: PlanStep[] = [];
  for (const [qboId, itId] of unknown) {
    const step = plan({ qboId, itId }, undefined);
    if (step) gone.push(step);
  }
  yield gone;
}
