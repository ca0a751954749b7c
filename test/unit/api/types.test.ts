// Type-level tests of the public surface, checked by `tsc --noEmit` (part of `npm test`): a wrong
// type here fails the typecheck; the `@ts-expect-error` lines fail it when the call compiles.
import { describe, expectTypeOf, it } from 'vitest';
import type {
  FlowName,
  IntelliTrack,
  MapContext,
  MapperOverrides,
  Mappers,
  MapResult,
  Qbo,
  QboEntityName,
  SyncEvents,
  Synchronizer,
  SynchronizerOptions,
  SyncReport,
  SyncScope,
} from '../../../src/index.js';

declare const sync: Synchronizer;

describe('public types', () => {
  it('sync(scope) takes "all", a flow name or a list of flow names, and nothing else', () => {
    expectTypeOf<FlowName>().toEqualTypeOf<
      'vendors' | 'customers' | 'items' | 'inventory' | 'receiving' | 'picking' | 'adjustments'
    >();
    expectTypeOf<SyncScope>().toEqualTypeOf<'all' | FlowName | readonly FlowName[]>();
    expectTypeOf<Synchronizer['sync']>().parameter(0).toEqualTypeOf<SyncScope>();
    expectTypeOf<Synchronizer['sync']>().returns.toEqualTypeOf<Promise<SyncReport>>();
    const typed = (): unknown => [sync.sync('items'), sync.sync(['vendors', 'items']), sync.sync('all')];
    // @ts-expect-error a misspelt flow name
    const misspelt = (): unknown => sync.sync('item');
    // @ts-expect-error a QBO entity name is not a flow name
    const entity = (): unknown => sync.sync(['Item']);
    void [typed, misspelt, entity];
  });

  it('syncEntities takes QBO entity names only', () => {
    expectTypeOf<Synchronizer['syncEntities']>().parameter(0).toEqualTypeOf<readonly QboEntityName[]>();
    // @ts-expect-error an arbitrary string is not an entity name
    const loose = (names: string[]): unknown => sync.syncEntities(names);
    void loose;
  });

  it('every event has a precise payload; the error event carries an Error', () => {
    expectTypeOf<SyncEvents['error']['error']>().toEqualTypeOf<Error>();
    expectTypeOf<SyncEvents['run']>().toEqualTypeOf<SyncReport>();
    const off = (): unknown => sync.on('error', (e) => e.error.name.length + (e.id?.length ?? 0));
    const record = (): unknown =>
      sync.on('record', (e) => expectTypeOf(e.action).toEqualTypeOf<SyncEvents['record']['action']>());
    // @ts-expect-error no such event
    const unknownEvent = (): unknown => sync.on('finished', () => undefined);
    void [off, record, unknownEvent];
  });

  it('mapper overrides are typed per mapper, with the default mappers to compose with', () => {
    expectTypeOf<SynchronizerOptions['mappers']>().toEqualTypeOf<MapperOverrides | undefined>();
    const overrides: MapperOverrides = {
      item: (source, ctx, defaults) => {
        expectTypeOf(source).toEqualTypeOf<Qbo.Item>();
        expectTypeOf(ctx).toEqualTypeOf<MapContext>();
        expectTypeOf(defaults).toEqualTypeOf<Readonly<Mappers>>();
        const result = defaults.item(source, ctx);
        expectTypeOf(result).toEqualTypeOf<MapResult<IntelliTrack.ItemCreate>>();
        return { ...result, value: { ...result.value, category: source.Sku ?? null } };
      },
      vendor: { fields: { accountNumber: ({ source }) => source.AcctNum } },
    };
    // @ts-expect-error the item mapper must return an IntelliTrack item
    const wrongTarget: MapperOverrides = { item: (source) => ({ value: { name: source.Name }, warnings: [] }) };
    // @ts-expect-error no mapper of that name
    const unknownMapper: MapperOverrides = { items: (source: Qbo.Item) => source };
    // @ts-expect-error a field the target type does not have
    const unknownField: MapperOverrides = { vendor: { fields: { color: () => 'red' } } };
    void [overrides, wrongTarget, unknownMapper, unknownField];
  });

  it('QBO entity types show the documented fields only (unknown fields still pass through at run time)', () => {
    expectTypeOf<string extends keyof Qbo.Item ? true : false>().toEqualTypeOf<false>();
    expectTypeOf<string extends keyof Qbo.PurchaseOrder ? true : false>().toEqualTypeOf<false>();
    expectTypeOf<Qbo.Item['Name']>().toEqualTypeOf<string | undefined>();
    // @ts-expect-error not a field QBO documents for Item
    const unknownField = (item: Qbo.Item): unknown => item.Colour;
    void unknownField;
  });
});
