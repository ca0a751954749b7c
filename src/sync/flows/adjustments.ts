import { ConfigurationError, NotFoundError } from '../../core/errors.js';
import type { Adjustment } from '../../intellitrack/schemas/inventory.js';
import { type Flow, type FlowContext, runMapper } from '../context.js';
import type { PlanStep, QboWriteStep } from '../plan/steps.js';
import { itWatermarkKey } from '../read/sources.js';
import type { LinkLookup } from '../state/link-buffer.js';
import { PageLinks } from '../state/page-links.js';
import { failRecord, itFeed } from './shared.js';

/**
 * The QBO InventoryAdjustment write for one pending IntelliTrack adjustment. `links` answers the
 * lookup of its export's link (a page's, read together); the store's one-link read by default.
 */
export async function planAdjustment(
  ctx: FlowContext,
  adjustment: Adjustment,
  links: LinkLookup = ctx.store,
): Promise<QboWriteStep | undefined> {
  const id = String(adjustment.id);
  if (adjustment.exportStatus !== 'pending' || adjustment.externalRef) {
    ctx.report.count('adjustment', 'unchanged');
    return undefined;
  }
  // The export's link is saved with its journal entry done, and outlives that entry when the journal
  // is pruned; IntelliTrack's exported mark only follows once the follow-up succeeds.
  const exported = await links.getLinkByItId('adjustment', id);
  if (exported) {
    ctx.report.skip(
      'adjustment',
      id,
      `already exported as QBO InventoryAdjustment ${exported.qboId}; marking it exported in IntelliTrack is pending`,
    );
    return undefined;
  }
  await ctx.refs.loadIt('item', [String(adjustment.itemId)]);
  let body: Record<string, unknown>;
  try {
    body = runMapper(ctx, 'adjustmentsToQbo', [adjustment]);
  } catch (error) {
    await failRecord(ctx, { entity: 'adjustment', side: 'intellitrack', sourceId: id }, error);
    return undefined;
  }
  return {
    kind: 'qbo.create',
    key: `adj:${id}:export`,
    entity: 'adjustment',
    sourceId: id,
    action: 'create',
    summary: `export IntelliTrack adjustment ${id} (${String(adjustment.quantityChange)}) as a QBO InventoryAdjustment`,
    qboEntity: 'InventoryAdjustment',
    body,
    link: { entity: 'adjustment', origin: 'intellitrack', itId: id },
    followUps: [{ kind: 'it.markAdjustmentExported', key: `adj:${id}:mark`, adjustmentId: id }],
  };
}

function requireAccount(ctx: FlowContext): void {
  if (!ctx.settings.adjustmentAccountId) {
    throw new ConfigurationError('settings.adjustmentAccountId is required before adjustments are exported.');
  }
}

/** The adjustments flow: read → decide → write (with the post back to IntelliTrack), a page at a time. */
async function* planAdjustments(ctx: FlowContext, watermarks: Record<string, string>): AsyncIterable<PlanStep[]> {
  requireAccount(ctx);
  // 1. Read IntelliTrack's adjustment feed since the stored cursor.
  const feed = itFeed(ctx, 'adjustments');
  for await (const page of feed.pages) {
    const steps: PlanStep[] = [];
    // The page's export links and the links of the items it adjusts, one store read each.
    const pending = page.records.filter((a) => a.exportStatus === 'pending' && !a.externalRef);
    const links = await PageLinks.read(
      ctx.store,
      'adjustment',
      'it',
      pending.map((a) => String(a.id)),
    );
    await ctx.refs.loadIt(
      'item',
      pending.map((a) => String(a.itemId)),
    );
    for (const adjustment of page.records) {
      ctx.report.count('adjustment', 'read');
      // 2. Decide: only pending adjustments not exported yet. 3. Write: one QBO InventoryAdjustment each,
      // 4. posted back: IntelliTrack marks it exported with the QBO id (the step's follow-up).
      const step = await planAdjustment(ctx, adjustment, links);
      if (step) steps.push(step);
    }
    yield steps;
  }
  const cursor = feed.cursor();
  if (cursor !== undefined) watermarks[itWatermarkKey('adjustments')] = cursor;
}

/**
 * `exportInventoryAdjustments`: IntelliTrack adjustments not yet exported -> QBO InventoryAdjustment,
 * exactly once (key `adj:<id>:export`), then marked exported in IntelliTrack with the QBO id.
 */
export const adjustmentsFlow: Flow = {
  name: 'adjustments',
  entity: 'adjustment',
  qboEntities: [],
  plan: planAdjustments,
  async retry(ctx, failed) {
    requireAccount(ctx);
    try {
      const record = await ctx.it.get('adjustments', failed.sourceId, ctx.signal ? { signal: ctx.signal } : {});
      const step = await planAdjustment(ctx, record);
      return step ? [step] : [];
    } catch (error) {
      if (error instanceof NotFoundError) return [];
      throw error;
    }
  },
};
