import { describe, expect, expectTypeOf, it } from 'vitest';
import type { PartyCreate } from '../../../src/intellitrack/schemas/party.js';
import { defaultMappers, type MappedBy, type SourceOf } from '../../../src/mappers/registry.js';
import type { Item as QboItem } from '../../../src/qbo/schemas/item.js';
import type { Vendor as QboVendor } from '../../../src/qbo/schemas/vendor.js';
import { type FlowContext, runMapper } from '../../../src/sync/context.js';
import { QuantityTable } from '../../../src/sync/flows/quantities.js';
import { PlannedLinks } from '../../../src/sync/plan/placeholders.js';
import { RefCache } from '../../../src/sync/plan/refs.js';
import { resolveSettings } from '../../../src/sync/settings.js';
import { MemoryStateStore } from '../../../src/sync/state/memory-store.js';
import { execContext } from './fakes.js';

/** A flow context whose mappers are the shipped ones (nothing else is used by `runMapper`). */
function flowContext(): FlowContext {
  const store = new MemoryStateStore();
  return {
    ...execContext(store),
    settings: resolveSettings({ division: 'D1' }),
    mappers: defaultMappers,
    dryRun: false,
    reader: {} as FlowContext['reader'],
    watermarks: {} as FlowContext['watermarks'],
    refs: new RefCache(store),
    planned: new PlannedLinks(),
    defaults: { siteId: undefined, locationId: undefined, uom: undefined },
    shared: { qboQty: new QuantityTable(), keepQty: false, itemsRead: false },
    force: false,
  };
}

const vendor: QboVendor = { Id: '56', SyncToken: '0', DisplayName: 'Acme Supply', Active: true };

/** Calls the type checker must refuse (`npm test` runs tsc over this file); never run. */
function refusedCalls(ctx: FlowContext, item: QboItem): void {
  // @ts-expect-error a misspelt mapper name
  runMapper(ctx, 'vendr', vendor);
  // @ts-expect-error a QBO Item is not the source of the customerToQbo mapper (an IntelliTrack customer)
  runMapper(ctx, 'customerToQbo', item);
  // @ts-expect-error the adjustments mapper takes a list of adjustments, not one record
  runMapper(ctx, 'adjustmentsToQbo', { id: 'a1' });
  // @ts-expect-error a post-back source needs the order and its QBO document
  runMapper(ctx, 'receiptToBill', { order: undefined });
  // @ts-expect-error the vendor mapper's value is an IntelliTrack party, not a QBO body
  const body: { DisplayName: string } = runMapper(ctx, 'vendor', vendor);
  void body;
}

describe('runMapper', () => {
  it('takes and returns the named mapper’s own types', () => {
    expectTypeOf<SourceOf<'vendor'>>().toEqualTypeOf<QboVendor>();
    expectTypeOf<MappedBy<'vendor'>>().toEqualTypeOf<PartyCreate>();
    expectTypeOf(runMapper<'vendor'>)
      .parameter(2)
      .toEqualTypeOf<QboVendor>();
    expectTypeOf(runMapper<'vendor'>).returns.toEqualTypeOf<PartyCreate>();
    // The misspelt and mistyped calls in `refusedCalls` are compile errors (each `@ts-expect-error` is used).
    expectTypeOf(refusedCalls).toBeFunction();
  });

  it('calls the run’s mapper with its source and returns the mapped value', () => {
    const party = runMapper(flowContext(), 'vendor', vendor);
    expect(party.companyName).toBe('Acme Supply');
  });
});
