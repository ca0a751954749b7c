import { describe, expect, it } from 'vitest';
import { defaultMappers } from '../../../src/mappers/index.js';
import type { Estimate } from '../../../src/qbo/schemas/estimate.js';
import type { PurchaseOrder } from '../../../src/qbo/schemas/purchase-order.js';
import { docSnapshot, keptDoc } from '../../../src/sync/flows/orders/snapshot.js';
import { PICKING_SPEC } from '../../../src/sync/flows/picking.js';
import { RECEIVING_SPEC } from '../../../src/sync/flows/receiving.js';
import type { Link } from '../../../src/sync/state/store.js';
import { makeCtx } from '../mappers/helpers.js';
import { pickingOrder, receivingOrder, recordedEstimate, recordedPo } from '../mappers/orders.fixtures.js';

/** The recorded estimate with its item lines inside a bundle (group) line, as QBO nests them. */
function bundledEstimate(): Estimate {
  const estimate = recordedEstimate();
  const [first, second, subtotal] = estimate.Line ?? [];
  if (!first || !second) throw new Error('the recorded estimate has two item lines');
  const group = {
    Id: '9',
    DetailType: 'GroupLineDetail' as const,
    GroupLineDetail: { GroupItemRef: { value: '77', name: 'Kit' }, Quantity: 1, Line: [first, second] },
  };
  return { ...estimate, Line: subtotal ? [group, subtotal] : [group] };
}

function linkOf(qboId: string, data: Record<string, unknown>): Link {
  return {
    entity: 'receivingOrder',
    qboId,
    itId: 'ro-1',
    origin: 'qbo',
    qboSyncToken: '0',
    itVersion: 1,
    qboHash: null,
    itHash: null,
    data,
    updatedAt: 0,
  };
}

describe('what an order link keeps of its QBO document', () => {
  it.each([[[1, 10]], [[0, 3]]] as [number, number][][])(
    'gives the Bill of a receipt %j exactly as the whole PurchaseOrder does',
    (received) => {
      const order = receivingOrder(received);
      const po = recordedPo();
      const kept = docSnapshot(RECEIVING_SPEC, po) as PurchaseOrder;
      const fromKept = defaultMappers.receiptToBill({ order, purchaseOrder: kept }, makeCtx());
      expect(fromKept).toEqual(defaultMappers.receiptToBill({ order, purchaseOrder: po }, makeCtx()));
    },
  );

  it.each([
    ['the recorded estimate', recordedEstimate],
    ['an estimate with a bundle', bundledEstimate],
  ])('gives the Invoice of a pick exactly as %s does', (_name, estimateOf) => {
    const estimate = estimateOf();
    const kept = docSnapshot(PICKING_SPEC, estimate) as Estimate;
    for (const picked of [
      [1, 1],
      [0, 1],
    ] as [number, number][]) {
      const order = pickingOrder(picked);
      const fromKept = defaultMappers.pickToInvoice({ order, estimate: kept }, makeCtx());
      expect(fromKept).toEqual(defaultMappers.pickToInvoice({ order, estimate }, makeCtx()));
    }
  });

  it('is smaller than the document and keeps its id, SyncToken, number and party', () => {
    const po = recordedPo();
    const kept = docSnapshot(RECEIVING_SPEC, po);
    expect(kept).toMatchObject({
      Id: po.Id,
      SyncToken: po.SyncToken,
      DocNumber: po.DocNumber,
      VendorRef: po.VendorRef,
    });
    expect(JSON.stringify(kept).length).toBeLessThan(JSON.stringify(po).length);
  });

  it('is read back only for the link of that document; a deleted one is gone; nothing kept is unknown', () => {
    const kept = docSnapshot(RECEIVING_SPEC, recordedPo());
    expect(keptDoc(linkOf(String(kept.Id), { qboDoc: kept }))).toEqual({ state: 'doc', doc: kept });
    expect(keptDoc(linkOf('other', { qboDoc: kept }))).toEqual({ state: 'unknown' });
    expect(keptDoc(linkOf('1', { qboDoc: { deleted: true } }))).toEqual({ state: 'gone' });
    expect(keptDoc(linkOf('1', { qboDoc: null }))).toEqual({ state: 'unknown' });
    expect(keptDoc(linkOf('1', {}))).toEqual({ state: 'unknown' });
  });
});
