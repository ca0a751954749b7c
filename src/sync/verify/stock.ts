/** QBO QtyOnHand against IntelliTrack on-hand per linked item, with pending adjustments explained. */

import type { StateStore } from '../state/store.js';
import { text } from './reads.js';
import type { InventoryDifference } from './types.js';

type Rec = Record<string, unknown>;

function sumBy(records: readonly Rec[], key: string, value: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of records) {
    const n = Number(r[value] ?? 0);
    out.set(text(r, key), (out.get(text(r, key)) ?? 0) + (Number.isFinite(n) ? n : 0));
  }
  return out;
}

/** Rounds away binary noise of summed decimal quantities. */
function qty(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** Why a difference is expected, or null. */
function explain(qbo: number, intellitrack: number, pending: number): string | null {
  if (pending !== 0 && qty(qbo + pending) === intellitrack) {
    return `IntelliTrack adjustments of ${pending} are not exported to QBO yet`;
  }
  if (qbo <= 0 && intellitrack === 0) return `QBO quantity on hand is ${qbo}; only > 0 is imported`;
  return null;
}

/**
 * Items whose quantities differ. `pending` are the IntelliTrack adjustments not exported yet: they
 * are in IntelliTrack's on-hand but not in QBO's, so `qbo + pending = intellitrack` is explained.
 */
export async function compareStock(
  store: StateStore,
  qboItems: readonly Rec[],
  stock: readonly Rec[],
  pending: readonly Rec[],
): Promise<InventoryDifference[]> {
  const onHand = sumBy(stock, 'itemId', 'onHand');
  const pendingByItem = sumBy(pending, 'itemId', 'quantityChange');
  const out: InventoryDifference[] = [];
  for (const item of qboItems) {
    const link = await store.getLinkByQboId('item', text(item, 'Id'));
    if (!link) continue;
    const qbo = qty(Number(item.QtyOnHand ?? 0));
    const intellitrack = qty(onHand.get(link.itId) ?? 0);
    if (qbo === intellitrack) continue;
    const pendingAdjustments = qty(pendingByItem.get(link.itId) ?? 0);
    const name = text(item, 'FullyQualifiedName') || text(item, 'Name');
    const reason = explain(qbo, intellitrack, pendingAdjustments);
    const facts = { qboId: link.qboId, itKey: link.itId, name, qbo, intellitrack, pendingAdjustments };
    out.push({ ...facts, explained: reason !== null, reason });
  }
  return out;
}
