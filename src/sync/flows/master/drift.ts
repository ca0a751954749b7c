import type { ItRecordOf } from '../../../intellitrack/api.js';
import { diffFields } from '../../../mappers/index.js';
import type { FlowContext } from '../../context.js';
import { itSideUnchanged } from '../../merge/plan-record.js';
import type { PlanStep } from '../../plan/steps.js';
import { itWatermarkKey } from '../../read/sources.js';
import { itHashOf, mappedOf, project } from '../../state/links.js';
import { PageLinks } from '../../state/page-links.js';
import { itFeed } from '../shared.js';
import { conflict, type MasterQboEntity, type MasterResource, type MasterRun, type MasterSpec } from './record.js';

/**
 * Reads IntelliTrack's change feed for drift on QBO-owned records. Drift is reported; with policy
 * `overwrite` the record is queued to be written back with QBO's values.
 */
export async function collectDrift<R extends MasterResource>(
  ctx: FlowContext,
  spec: MasterSpec<MasterQboEntity, R>,
  run: MasterRun<R>,
  watermarks: Record<string, string>,
): Promise<void> {
  const feed = itFeed(ctx, spec.resource);
  for await (const page of feed.pages) {
    const ids = [...page.records.map((r) => String(r.id)), ...page.deleted.map((gone) => gone.id)];
    const links = await PageLinks.read(ctx.store, spec.entity, 'it', ids);
    for (const record of page.records) await checkDrift(ctx, spec, run, record, links);
    for (const gone of page.deleted) {
      const link = await links.getLinkByItId(spec.entity, gone.id);
      if (link && spec.twoWay) run.itDeleted.push({ link, deletedAt: gone.deletedAt });
      else if (link?.origin === 'qbo') conflict(ctx, spec, link.qboId, `deleted in IntelliTrack at ${gone.deletedAt}`);
    }
  }
  const cursor = feed.cursor();
  if (cursor !== undefined) watermarks[itWatermarkKey(spec.resource)] = cursor;
}

async function checkDrift<R extends MasterResource>(
  ctx: FlowContext,
  spec: MasterSpec<MasterQboEntity, R>,
  run: MasterRun<R>,
  record: ItRecordOf<R>,
  links: PageLinks,
): Promise<void> {
  const link = await links.getLinkByItId(spec.entity, String(record.id));
  if (spec.twoWay && link) {
    // Our own writes coming back hold the last synced values: nothing to keep for the merge.
    if (!itSideUnchanged(ctx, spec.twoWay, link, record)) run.itChanged.set(link.qboId, { link, record });
    return;
  }
  if (record.origin === 'intellitrack' && link?.origin !== 'qbo') {
    run.itOriginated.push(record);
    return;
  }
  const mapped = mappedOf(link);
  if (link?.origin !== 'qbo' || !mapped) return;
  // Our own write coming back through the feed.
  if (link.itVersion === record.version || itHashOf(record, mapped) === link.itHash) return;
  const fields = diffFields(mapped, project(record, mapped)).map((d) => d.path);
  const overwrite = ctx.settings.drift === 'overwrite';
  ctx.report.drift(spec.entity, { id: link.qboId, fields, overwritten: overwrite });
  ctx.events.emit('drift', { entity: spec.entity, id: link.qboId, fields, overwritten: overwrite });
  if (overwrite) run.drifted.set(link.qboId, { link, record });
}

/** Write-back steps for drifted records whose QBO side did not change in this run. */
export function driftSteps(spec: MasterSpec, run: MasterRun): PlanStep[] {
  const steps: PlanStep[] = [];
  for (const [qboId, { link, record }] of run.drifted) {
    const owned = mappedOf(link) ?? {};
    const version = record.version as number;
    steps.push({
      kind: 'it.update',
      key: `${spec.prefix}:${qboId}:overwrite:${version}`,
      entity: spec.entity,
      sourceId: qboId,
      action: 'update',
      summary: `write QBO values back over IntelliTrack edits to ${spec.entity} ${link.itId}`,
      resource: spec.resource,
      itId: link.itId,
      body: owned,
      ifVersion: version,
      link: { entity: spec.entity, origin: 'qbo', qboId, itId: link.itId, data: { mapped: owned } },
    });
  }
  run.drifted.clear();
  return steps;
}
