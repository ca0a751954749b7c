import { expect } from 'vitest';
import { mapEstimateToPicking } from '../../../src/mappers/estimate.js';
import { createMapLookup, type LinkPair } from '../../../src/mappers/lookup.js';
import { mapCustomer } from '../../../src/mappers/party.js';
import { mapPurchaseOrderToReceiving } from '../../../src/mappers/purchase-order.js';
import type { MapContext } from '../../../src/mappers/types.js';
import { CUSTOMER_MODEL, withoutDeletedSuffix } from '../../../src/sync/merge/customer-model.js';
import { sameValue } from '../../../src/sync/merge/merge.js';
import { orderValues } from '../../../src/sync/merge/order-model.js';
import type { SyncReport } from '../../../src/sync/report.js';
import type { Link, StateStore, SyncEntity } from '../../../src/sync/state/store.js';
import type { World } from './harness.js';

async function links(store: StateStore, entity: SyncEntity): Promise<Link[]> {
  const out: Link[] = [];
  for await (const page of store.listLinks(entity)) out.push(...page);
  return out;
}

async function mapContext(w: World): Promise<MapContext> {
  const pairs = async (entity: SyncEntity): Promise<LinkPair[]> =>
    (await links(w.store, entity)).map((l) => ({ qboId: l.qboId, itId: l.itId }));
  return {
    settings: { divisionId: w.itEmu.divisionId, orderNumberPrefix: 'IT-' } as MapContext['settings'],
    lookup: createMapLookup({
      items: await pairs('item'),
      vendors: await pairs('vendor'),
      customers: await pairs('customer'),
    }),
    today: '2026-01-01',
    now: '2026-01-01T00:00:00.000Z',
  };
}

type Values = Record<string, unknown>;

/** Both sides of every linked two-way record, as the field model compares them (undefined: gone). */
async function sides(w: World, entity: 'customer' | 'receivingOrder' | 'pickingOrder') {
  const ctx = await mapContext(w);
  const out: { link: Link; qbo: Values; it: Values }[] = [];
  for (const link of await links(w.store, entity)) {
    if (link.data.postedBack === true || link.data.deletedInQbo === true || link.data.deletedInIntelliTrack === true)
      continue;
    if (entity === 'customer') {
      const qbo = w.qboEmu.data.get('Customer', link.qboId);
      const it = w.itEmu.data.get('customers', link.itId);
      if (!qbo || !it) continue;
      const mapped = mapCustomer(withoutDeletedSuffix(qbo) as never, ctx).value as unknown as Values;
      out.push({
        link,
        qbo: CUSTOMER_MODEL.itValues({} as never, mapped),
        it: CUSTOMER_MODEL.itValues({} as never, it),
      });
      continue;
    }
    const receiving = entity === 'receivingOrder';
    const it = w.itEmu.data.get(receiving ? 'receiving-orders' : 'picking-orders', link.itId);
    const qbo = w.qboEmu.data.get(receiving ? 'PurchaseOrder' : 'Estimate', link.qboId);
    if (!qbo || !it || it.status === 'Closed') continue;
    const price = receiving ? 'unitCost' : 'unitPrice';
    const mapped = receiving ? mapPurchaseOrderToReceiving(qbo as never, ctx) : mapEstimateToPicking(qbo as never, ctx);
    out.push({ link, qbo: orderValues(mapped.value as never, price), it: orderValues(it as never, price) });
  }
  return out;
}

function listed(report: SyncReport, entity: SyncEntity): Set<string> {
  const e = report.entities[entity];
  return new Set([
    ...(e?.conflictRecords ?? []).map((r) => r.id),
    ...(e?.skippedRecords ?? []).map((r) => r.id),
    ...(e?.failedRecords ?? []).map((r) => r.id),
    ...(e?.fieldRecords ?? []).map((r) => r.id),
  ]);
}

/**
 * Nothing silent: after a run, every linked two-way record either has the same mapped fields on both
 * sides, or is named in the run's report (conflict, skipped, failed, updated) or waits in the error
 * queue. Returns the records whose sides differ.
 */
export async function expectNothingSilent(
  w: World,
  report: SyncReport,
  entities: readonly ('customer' | 'receivingOrder' | 'pickingOrder')[] = [
    'customer',
    'receivingOrder',
    'pickingOrder',
  ],
): Promise<string[]> {
  const queued = new Set((await w.store.listFailed()).map((f) => `${f.entity}:${f.sourceId}`));
  const differing: string[] = [];
  for (const entity of entities) {
    const named = listed(report, entity);
    for (const { link, qbo, it } of await sides(w, entity)) {
      if (sameValue(qbo, it)) continue;
      const ids = [link.qboId, link.itId];
      differing.push(`${entity}:${link.qboId}`);
      const known = ids.some((id) => named.has(id) || queued.has(`${entity}:${id}`));
      expect(known, `${entity} ${link.qboId}/${link.itId} differs silently: ${JSON.stringify({ qbo, it })}`).toBe(true);
    }
  }
  return differing;
}
