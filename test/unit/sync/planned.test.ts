import { describe, expect, it } from 'vitest';
import { MappingError } from '../../../src/core/errors.js';
import {
  hasPlanned,
  ownsPlanned,
  PlannedLinks,
  plannedId,
  resolvePlanned,
  unresolvedError,
} from '../../../src/sync/plan/placeholders.js';
import { RefCache } from '../../../src/sync/plan/refs.js';
import type { ItCreateStep, PlanStep, QboWriteStep } from '../../../src/sync/plan/steps.js';
import { MemoryStateStore } from '../../../src/sync/state/memory-store.js';
import type { Link } from '../../../src/sync/state/store.js';

function vendorCreate(qboId: string): ItCreateStep {
  return {
    kind: 'it.create',
    key: `vendor:${qboId}:create`,
    entity: 'vendor',
    sourceId: qboId,
    action: 'create',
    summary: 'create',
    resource: 'vendors',
    body: { companyName: `V${qboId}` },
    link: { entity: 'vendor', origin: 'qbo', qboId },
  };
}

function customerCreate(itId: string): QboWriteStep {
  return {
    kind: 'qbo.create',
    key: `cust:${itId}:create`,
    entity: 'customer',
    sourceId: itId,
    action: 'create',
    summary: 'create',
    qboEntity: 'Customer',
    body: { DisplayName: `C${itId}` },
    link: { entity: 'customer', origin: 'intellitrack', itId },
  };
}

function orderCreate(body: Record<string, unknown>): ItCreateStep {
  return {
    kind: 'it.create',
    key: 'rcv:9:create',
    entity: 'receivingOrder',
    sourceId: '9',
    action: 'create',
    summary: 'create',
    resource: 'receiving-orders',
    body,
    link: { entity: 'receivingOrder', origin: 'qbo', qboId: '9' },
  };
}

function link(entity: Link['entity'], qboId: string, itId: string): Link {
  const base = { qboSyncToken: null, itVersion: null, qboHash: null, itHash: null, data: {}, updatedAt: 1 };
  return { entity, qboId, itId, origin: 'qbo', ...base };
}

describe('planned links', () => {
  it('gives a record created by an earlier step a placeholder for the id it does not have yet', () => {
    const planned = new PlannedLinks();
    planned.note(vendorCreate('56'));
    planned.note(customerCreate('c-7'));
    expect(planned.byQboId('vendor', '56')?.itId).toBe(plannedId('vendor', 'qbo', '56'));
    expect(planned.byItId('customer', 'c-7')?.qboId).toBe(plannedId('customer', 'it', 'c-7'));
    expect(planned.byQboId('vendor', '57')).toBeUndefined();
    expect([...planned.list('vendor')].map((l) => l.qboId)).toEqual(['56']);
    // Order links are not references other flows resolve.
    planned.note(orderCreate({ vendorId: 'x' }));
    expect([...planned.list('item')]).toEqual([]);
  });

  it('lets mappers resolve a planned record, the store winning over the plan', async () => {
    const store = new MemoryStateStore();
    await store.putLinks([link('vendor', '1', 'it-1')]);
    const planned = new PlannedLinks();
    planned.note(vendorCreate('1'));
    planned.note(vendorCreate('2'));
    planned.note(customerCreate('c-7'));
    const refs = new RefCache(store, planned);
    await refs.loadQbo('vendor', ['1', '2', '3']);
    await refs.loadIt('customer', ['c-7']);
    const lookup = refs.lookup();
    expect(lookup.itVendorId('1')).toBe('it-1');
    expect(lookup.itVendorId('2')).toBe(plannedId('vendor', 'qbo', '2'));
    expect(lookup.itVendorId('3')).toBeUndefined();
    expect(lookup.qboCustomerRef('c-7')).toEqual({ value: plannedId('customer', 'it', 'c-7') });
    const plain = new RefCache(store);
    await plain.loadQbo('vendor', ['2']);
    expect(plain.lookup().itVendorId('2')).toBeUndefined();
  });

  it('replaces placeholders with the linked ids once they exist', async () => {
    const store = new MemoryStateStore();
    const planned = plannedId('vendor', 'qbo', '56');
    const item = plannedId('item', 'qbo', '11');
    const body = { vendorId: planned, lines: [{ itemId: item, orderedQty: 2 }], note: 'plain' };
    const step = orderCreate(body);
    expect(hasPlanned(step)).toBe(true);
    expect(await resolvePlanned(store, step)).toEqual({ missing: planned });

    await store.putLinks([link('vendor', '56', 'it-v'), link('item', '11', 'it-i')]);
    const resolved = await resolvePlanned(store, step);
    if (!('step' in resolved)) throw new Error(`unresolved ${resolved.missing}`);
    const real = { vendorId: 'it-v', lines: [{ itemId: 'it-i', orderedQty: 2 }], note: 'plain' };
    const out = resolved.step as ItCreateStep;
    expect(out.body).toEqual(real);
    expect(out.link).toEqual(step.link);
    expect(hasPlanned(out)).toBe(false);
    // The plan itself is left as it was.
    expect(step.body.vendorId).toBe(planned);
  });

  it('resolves a QBO reference of an IntelliTrack record the plan creates in QBO', async () => {
    const store = new MemoryStateStore();
    await store.putLinks([{ ...link('customer', '88', 'c-7'), origin: 'intellitrack' }]);
    const step: PlanStep = {
      ...customerCreate('o-1'),
      entity: 'pickingOrder',
      body: { CustomerRef: { value: plannedId('customer', 'it', 'c-7') } },
      link: { entity: 'pickingOrder', origin: 'intellitrack', itId: 'o-1' },
    };
    const resolved = await resolvePlanned(store, step);
    expect('step' in resolved && (resolved.step as QboWriteStep).body).toEqual({ CustomerRef: { value: '88' } });
  });

  it('tells a step about its own planned record from one about a record it references', () => {
    const own = plannedId('item', 'qbo', '11');
    const load: PlanStep = {
      kind: 'it.loadInventory',
      key: 'inv:11:load',
      entity: 'inventory',
      sourceId: '11',
      action: 'create',
      summary: 'load',
      body: { itemId: own, siteId: 's', locationId: 'l', quantity: 3, mode: 'set' },
      link: { entity: 'item', origin: 'qbo', qboId: '11', itId: own },
    };
    expect(ownsPlanned(load, own)).toBe(true);
    expect(ownsPlanned(load, plannedId('item', 'qbo', '12'))).toBe(false);
    const order = orderCreate({ vendorId: plannedId('vendor', 'qbo', '56') });
    expect(ownsPlanned(order, plannedId('vendor', 'qbo', '56'))).toBe(false);
    const error = unresolvedError(order, plannedId('vendor', 'qbo', '56'));
    expect(error).toBeInstanceOf(MappingError);
    expect(error.message).toContain('QBO vendor 56 is not linked');
    expect(error.sourceId).toBe('9');
  });
});
