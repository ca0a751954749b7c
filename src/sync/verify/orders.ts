/** Open orders on each side, joined by their links, with their status on both. */

import type { StateStore, SyncEntity } from '../state/store.js';
import { text } from './reads.js';
import type { OpenOrder } from './types.js';

type Rec = Record<string, unknown>;

/** How one order flow is compared. */
export interface OrderVerifySpec {
  flow: OpenOrder['flow'];
  entity: SyncEntity;
  qboEntity: 'PurchaseOrder' | 'Estimate';
  /** The QBO status field and the values that mean open. */
  statusField: 'POStatus' | 'TxnStatus';
  open: readonly string[];
  resource: 'receiving-orders' | 'picking-orders';
}

/** The order flows verify compares. */
export const ORDER_SPECS: readonly OrderVerifySpec[] = [
  {
    flow: 'receiving',
    entity: 'receivingOrder',
    qboEntity: 'PurchaseOrder',
    statusField: 'POStatus',
    open: ['Open'],
    resource: 'receiving-orders',
  },
  {
    flow: 'picking',
    entity: 'pickingOrder',
    qboEntity: 'Estimate',
    statusField: 'TxnStatus',
    open: ['Pending', 'Accepted'],
    resource: 'picking-orders',
  },
];

/** Orders open in QBO or in IntelliTrack, each once, with the other side's status when linked. */
export async function openOrders(
  store: StateStore,
  spec: OrderVerifySpec,
  qboOrders: readonly Rec[],
  itOrders: readonly Rec[],
): Promise<OpenOrder[]> {
  const itById = new Map(itOrders.map((r) => [text(r, 'id'), r]));
  const out: OpenOrder[] = [];
  const seen = new Set<string>();
  for (const order of qboOrders) {
    const qboStatus = text(order, spec.statusField) || null;
    const link = await store.getLinkByQboId(spec.entity, text(order, 'Id'));
    const it = link ? itById.get(link.itId) : undefined;
    if (link) seen.add(link.itId);
    const itStatus = it ? text(it, 'status') : null;
    if (!spec.open.includes(qboStatus ?? '') && itStatus !== 'Open') continue;
    const docNumber = text(order, 'DocNumber') || null;
    out.push({ flow: spec.flow, qboId: text(order, 'Id'), docNumber, qboStatus, itKey: link?.itId ?? null, itStatus });
  }
  for (const [id, it] of itById) {
    if (seen.has(id) || text(it, 'status') !== 'Open') continue;
    const link = await store.getLinkByItId(spec.entity, id);
    const docNumber = text(it, 'orderNumber') || null;
    out.push({ flow: spec.flow, qboId: link?.qboId ?? null, docNumber, qboStatus: null, itKey: id, itStatus: 'Open' });
  }
  return out;
}
