import type { MappedBy, MapperName, Mappers, SourceOf } from '../mappers/registry.js';
import type { MapContext, Mapper, MapSettings } from '../mappers/types.js';
import type { ExecContext } from './engine/executor.js';
import type { QuantityTable } from './flows/quantities.js';
import type { PlannedLinks } from './plan/placeholders.js';
import type { RefCache } from './plan/refs.js';
import type { PlanStep } from './plan/steps.js';
import type { RunWatermarks } from './read/run-watermarks.js';
import type { QboChangeReader } from './read/sources.js';
import type { ResolvedSettings } from './settings.js';
import type { FailedRecord, SyncEntity } from './state/store.js';

/** Site, location and UOM the run writes with (from settings, else the division's defaults). */
export interface RunDefaults {
  siteId: string | undefined;
  locationId: string | undefined;
  uom: string | undefined;
}

/** The mapper set the Synchronizer calls: `defaultMappers` with the host's overrides applied. */
export type SyncMappers = Readonly<Mappers>;

/** Everything a flow needs while planning. */
export interface FlowContext extends ExecContext {
  settings: ResolvedSettings;
  mappers: SyncMappers;
  dryRun: boolean;
  reader: QboChangeReader;
  /** The run's watermarks, read once when it starts; the flows' own are kept in step with what it saves. */
  watermarks: RunWatermarks;
  refs: RefCache;
  /** Links the steps planned so far will make (dry runs and plans only: real runs write them first). */
  planned: PlannedLinks;
  defaults: RunDefaults;
  /**
   * Facts one flow leaves for a later flow of the same run (e.g. QBO quantities read with items,
   * kept only when `keepQty`: the run also imports inventory; `itemsRead` once they are every
   * Inventory item's, from a full read).
   */
  shared: { qboQty: QuantityTable; keepQty: boolean; itemsRead: boolean };
  force: boolean;
}

/** Names of the flows, as used by `plan(scope)` and reports. */
export type FlowName = 'vendors' | 'customers' | 'items' | 'inventory' | 'receiving' | 'picking' | 'adjustments';

/** One sync flow: plans its writes a page at a time, and can plan one failed record again. */
export interface Flow {
  readonly name: FlowName;
  readonly entity: SyncEntity;
  /** QBO entities it reads (one CDC call covers them all in `syncAll`). */
  readonly qboEntities: readonly ('Item' | 'Vendor' | 'Customer' | 'PurchaseOrder' | 'Estimate')[];
  /** Plans writes page by page; the watermarks it reached are added to `watermarks`. */
  plan(ctx: FlowContext, watermarks: Record<string, string>): AsyncIterable<PlanStep[]>;
  /** Plans the writes for one record from the error queue (re-reading it). */
  retry(ctx: FlowContext, failed: FailedRecord): Promise<PlanStep[]>;
}

/** The mapper context of a run. */
export function mapContext(ctx: FlowContext): MapContext {
  const settings: MapSettings = {
    divisionId: ctx.settings.division,
    defaultUom: ctx.defaults.uom,
    defaultSiteId: ctx.defaults.siteId,
    defaultLocationId: ctx.defaults.locationId,
    adjustmentAccountId: ctx.settings.adjustmentAccountId,
    orderNumberPrefix: ctx.settings.orderNumberPrefix,
  };
  const now = new Date(ctx.clock.now()).toISOString();
  return { settings, lookup: ctx.refs.lookup(), today: now.slice(0, 10), now };
}

/**
 * Calls mapper `name` of the run's mapper set; warnings are logged and noted on the report. The
 * source and the result are the mapper's own types (`SourceOf<K>`, `MappedBy<K>`), so a misspelt
 * name or a source of another shape is a compile error.
 * @throws MappingError from the mapper.
 */
export function runMapper<K extends MapperName>(ctx: FlowContext, name: K, source: SourceOf<K>): MappedBy<K> {
  // `Mappers[K]` is a union of function types for TypeScript; for one `K` it is this one mapper.
  const mapper = ctx.mappers[name] as unknown as Mapper<SourceOf<K>, MappedBy<K>>;
  const result = mapper(source, mapContext(ctx));
  for (const w of result.warnings) {
    ctx.logger.debug({ mapper: name, field: w.field, code: w.code }, w.message);
  }
  ctx.activity?.warn(source, result.warnings);
  return result.value;
}

/** The `Id` of a QBO record as a string ("" when absent). */
export function qboIdOf(record: unknown): string {
  const id = (record as { Id?: unknown } | null)?.Id;
  return typeof id === 'string' ? id : '';
}

/** The reference value of a QBO `...Ref` field. */
export function refValue(ref: unknown): string | undefined {
  const value = (ref as { value?: unknown } | null | undefined)?.value;
  return typeof value === 'string' ? value : undefined;
}
