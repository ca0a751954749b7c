import { NotFoundError } from '../../../core/errors.js';
import { type FlowContext, qboIdOf } from '../../context.js';
import { deletedData } from '../../merge/deletion.js';
import type { PlanStep } from '../../plan/steps.js';
import { ProgressMeter } from '../../read/progress.js';
import type { QboRead } from '../../read/sources.js';
import { PageLinks } from '../../state/page-links.js';
import type { FailedRecord } from '../../state/store.js';
import {
  type MasterQboEntity,
  type MasterResource,
  type MasterRun,
  type MasterSpec,
  newMasterRun,
  planQboRecord,
  type QboMasterRecord,
} from './record.js';

/** QBO records planned (and their writes applied) at a time within a page of up to 1000. */
const PLAN_SLICE = 100;

/**
 * Reads QBO's changes of a master-data entity: CDC, or every record of the flow's query when there
 * is no recent watermark (noted on the report).
 */
export async function readQboChanges<N extends MasterQboEntity>(
  ctx: FlowContext,
  spec: MasterSpec<N, MasterResource>,
): Promise<QboRead<QboMasterRecord<N>> & { progress: ProgressMeter }> {
  const read = await ctx.reader.read(spec.query, (record) => spec.keep(record));
  if (read.mode === 'full') ctx.report.notes.push(`${spec.qboEntity}: full read (no recent watermark)`);
  return { ...read, progress: new ProgressMeter(ctx, spec.entity, read.total) };
}

/**
 * Decides what each QBO record of a page means for IntelliTrack (create, match, update, merge) and
 * hands the writes back a slice at a time, then advances the read's progress; `seen` is called with each record first. Each slice's
 * links are read together before it is planned, and its records are dropped from the page once
 * planned: a page's records and its steps are never all held while its writes run.
 */
export async function* planQboPage<N extends MasterQboEntity>(
  ctx: FlowContext,
  target: { spec: MasterSpec<N, MasterResource>; run: MasterRun; progress: ProgressMeter },
  records: QboMasterRecord<N>[],
  seen?: (record: QboMasterRecord<N>) => void,
): AsyncIterable<PlanStep[]> {
  const { spec, run } = target;
  const count = records.length;
  ctx.report.count(spec.entity, 'read', count);
  while (records.length > 0) {
    const steps: PlanStep[] = [];
    const slice = records.splice(0, PLAN_SLICE);
    const links = await PageLinks.read(ctx.store, spec.entity, 'qbo', slice.map(qboIdOf));
    for (const record of slice) {
      seen?.(record);
      steps.push(...(await planQboRecord(ctx, spec, run, record, links)));
    }
    yield steps;
  }
  target.progress.advance(count);
}

/** QBO never hard-deletes names (it merges): a name QBO reports deleted makes the IntelliTrack record inactive. */
export async function deactivations(
  ctx: FlowContext,
  spec: MasterSpec,
  deleted: readonly string[],
): Promise<PlanStep[]> {
  const steps: PlanStep[] = [];
  const links = await PageLinks.read(ctx.store, spec.entity, 'qbo', deleted);
  for (const qboId of deleted) {
    const link = await links.getLinkByQboId(spec.entity, qboId);
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
  let record: QboMasterRecord;
  try {
    record = await ctx.qbo.read(spec.qboEntity, failed.sourceId, ctx.signal ? { signal: ctx.signal } : {});
  } catch (error) {
    if (error instanceof NotFoundError) return [];
    throw error;
  }
  if (!spec.keep(record)) return [];
  return planQboRecord(ctx, spec, newMasterRun(ctx, spec), record);
}
