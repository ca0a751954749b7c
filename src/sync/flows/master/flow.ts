import { NotFoundError } from '../../../core/errors.js';
import type { FlowContext } from '../../context.js';
import { deletedData } from '../../merge/deletion.js';
import type { PlanStep } from '../../plan/steps.js';
import { ProgressMeter } from '../../read/progress.js';
import type { FailedRecord } from '../../state/store.js';
import { collectDrift, driftSteps } from './drift.js';
import { type MasterRun, type MasterSpec, newMasterRun, planQboRecord } from './record.js';

/** QBO records planned (and their writes applied) at a time within a page of up to 1000. */
const PLAN_SLICE = 100;

/** Called for each QBO record read (e.g. to remember its quantity for the inventory import). */
export type RecordHook = (record: Record<string, unknown>) => void;

/**
 * Plans a master-data flow: IntelliTrack drift first (so a QBO change and drift on the same record
 * make one write), then QBO changes page by page, then write-backs of remaining drift and
 * deactivations of records QBO reported deleted.
 */
export async function* planMaster(
  ctx: FlowContext,
  spec: MasterSpec,
  watermarks: Record<string, string>,
  hooks: {
    onRecord?: RecordHook;
    /** Called once every QBO page was read, with how: every record (`full`) or the changes (`cdc`). */
    onRead?: (mode: 'full' | 'cdc') => void;
    afterQbo?: (run: MasterRun) => AsyncIterable<PlanStep[]>;
  } = {},
): AsyncIterable<PlanStep[]> {
  const run = newMasterRun(ctx, spec);
  await collectDrift(ctx, spec, run, watermarks);
  const read = await ctx.reader.read(spec.query as never, spec.keep as never);
  if (read.mode === 'full') ctx.report.notes.push(`${spec.qboEntity}: full read (no recent watermark)`);
  const meter = new ProgressMeter(ctx, spec.entity, read.total);
  for await (const page of read.pages) {
    const records = page as unknown as Record<string, unknown>[];
    const count = records.length;
    ctx.report.count(spec.entity, 'read', count);
    // A page is planned and written a slice at a time, and each slice's records are dropped from the
    // page once planned: a page's records and its steps are never all held while its writes run.
    while (records.length > 0) {
      const steps: PlanStep[] = [];
      for (const record of records.splice(0, PLAN_SLICE)) {
        hooks.onRecord?.(record);
        steps.push(...(await planQboRecord(ctx, spec, run, record)));
      }
      yield steps;
    }
    meter.advance(count);
  }
  hooks.onRead?.(read.mode);
  yield driftSteps(spec, run);
  yield await deactivations(ctx, spec, read.deleted);
  if (hooks.afterQbo) yield* hooks.afterQbo(run);
  watermarks[read.watermark.key] = read.watermark.value;
}

/** QBO never hard-deletes names (it merges); a deleted name makes the IntelliTrack record inactive. */
async function deactivations(ctx: FlowContext, spec: MasterSpec, deleted: readonly string[]): Promise<PlanStep[]> {
  const steps: PlanStep[] = [];
  for (const qboId of deleted) {
    const link = await ctx.store.getLinkByQboId(spec.entity, qboId);
    // A two-way record (a customer) is made inactive whichever side it came from.
    if (!link || (link.origin !== 'qbo' && !spec.twoWay)) continue;
    steps.push({
      kind: 'it.update',
      key: `${spec.prefix}:${qboId}:deleted`,
      entity: spec.entity,
      sourceId: qboId,
      action: 'update',
      summary: `deactivate IntelliTrack ${spec.entity} ${link.itId}: deleted in QBO`,
      resource: spec.resource,
      itId: link.itId,
      body: { active: false },
      ifVersion: null,
      link: {
        entity: spec.entity,
        origin: link.origin,
        qboId,
        itId: link.itId,
        data: deletedData(link, 'deletedInQbo'),
      },
    });
  }
  return steps;
}

/** Re-plans one QBO record from the error queue by reading it again. */
export async function retryMaster(ctx: FlowContext, spec: MasterSpec, failed: FailedRecord): Promise<PlanStep[]> {
  if (failed.side !== 'qbo') return [];
  let record: Record<string, unknown>;
  try {
    record = (await ctx.qbo.read(spec.qboEntity, failed.sourceId, ctx.signal ? { signal: ctx.signal } : {})) as Record<
      string,
      unknown
    >;
  } catch (error) {
    if (error instanceof NotFoundError) return [];
    throw error;
  }
  if (!spec.keep(record)) return [];
  return planQboRecord(ctx, spec, newMasterRun(ctx, spec), record);
}
