import type { ItRecordOf } from '../../../intellitrack/api.js';
import { contentHash } from '../../../mappers/index.js';
import type { EntityOf, QuerySpec } from '../../../qbo/api.js';
import { type FlowContext, qboIdOf } from '../../context.js';
import { shortDigest } from '../../engine/journal.js';
import type { TwoWayModel } from '../../merge/model.js';
import { planTwoWay } from '../../merge/plan-record.js';
import type { ItCreateStep, ItUpdateStep, PlanStep } from '../../plan/steps.js';
import type { LinkLookup } from '../../state/link-buffer.js';
import type { Link, SyncEntity } from '../../state/store.js';
import { failRecord } from '../shared.js';
import { ClaimTable } from './claims.js';
import { ItIndex } from './it-index.js';

/** The QBO entities of master data. */
export type MasterQboEntity = 'Item' | 'Vendor' | 'Customer';
/** The IntelliTrack resources of master data. */
export type MasterResource = 'items' | 'vendors' | 'customers';
/** A QBO master-data record (of any of the three entities unless `N` says which). */
export type QboMasterRecord<N extends MasterQboEntity = MasterQboEntity> = EntityOf<N>;

/**
 * How one QBO-owned master-data entity (items, vendors, customers) is synced into IntelliTrack: QBO
 * entity `N`, IntelliTrack resource `R`.
 */
export interface MasterSpec<N extends MasterQboEntity = MasterQboEntity, R extends MasterResource = MasterResource> {
  entity: SyncEntity & ('item' | 'vendor' | 'customer');
  resource: R;
  qboEntity: N;
  /** Key prefix of journal entries, e.g. `item`. */
  prefix: string;
  query: QuerySpec<N>;
  /** QBO records this flow handles (e.g. Type = Inventory). */
  keep(record: QboMasterRecord<N>): boolean;
  /** The IntelliTrack body of a QBO record: the flow's mapper. @throws MappingError */
  toIt(ctx: FlowContext, record: QboMasterRecord<N>): Record<string, unknown>;
  /** Unlinked inactive QBO records are created in IntelliTrack too (items: yes). */
  createInactive: boolean;
  /** IntelliTrack fields that identify a record, tried in order when matching an unlinked record. */
  matchFields: readonly ('alternateNumber' | 'itemNumber' | 'companyName')[];
  /** Set for entities synced both ways field by field (customers); others are QBO-owned (drift). */
  twoWay?: TwoWayModel<QboMasterRecord<N>, ItRecordOf<R>>;
}

/** What a QBO record maps to, split into the create body and the fields the engine owns. */
interface Mapped {
  body: Record<string, unknown>;
  owned: Record<string, unknown>;
  hash: string;
}

function mapRecord(ctx: FlowContext, spec: MasterSpec, record: QboMasterRecord): Mapped {
  const value = spec.toIt(ctx, record);
  const body = { ...value, divisionId: ctx.settings.division, externalRef: qboIdOf(record), origin: 'qbo' };
  const { divisionId: _division, ...owned } = body;
  return { body, owned, hash: contentHash(owned) };
}

/** Per-run planning state of a master-data flow over IntelliTrack resource `R`. */
export interface MasterRun<R extends MasterResource = MasterResource> {
  index: ItIndex;
  /** IntelliTrack match values claimed by a QBO record in this run (collisions are conflicts). */
  claimed: ClaimTable;
  /** Linked records IntelliTrack changed (drift), by QBO id. */
  drifted: Map<string, { link: Link; record: ItRecordOf<R> }>;
  /** IntelliTrack-originated records seen in the feed (customers flow them to QBO). */
  itOriginated: ItRecordOf<R>[];
  /** Linked records of a two-way entity that IntelliTrack changed, by QBO id. */
  itChanged: Map<string, { link: Link; record: ItRecordOf<R> }>;
  /** Links of a two-way entity whose IntelliTrack record was deleted. */
  itDeleted: { link: Link; deletedAt: string }[];
}

/** A new per-run state. */
export function newMasterRun<R extends MasterResource>(
  ctx: FlowContext,
  spec: MasterSpec<MasterQboEntity, R>,
): MasterRun<R> {
  return {
    index: new ItIndex(ctx, spec.resource),
    claimed: new ClaimTable(),
    drifted: new Map(),
    itOriginated: [],
    itChanged: new Map(),
    itDeleted: [],
  };
}

/** What a new link of `spec` keeps: the IT fields written, and for two-way entities the synced values. */
function linkData(ctx: FlowContext, spec: MasterSpec, mapped: Mapped): Record<string, unknown> {
  if (!spec.twoWay) return { mapped: mapped.owned };
  return { mapped: mapped.owned, base: spec.twoWay.itValues(ctx, mapped.owned), pending: {}, decisions: {} };
}

function updateStep(
  ctx: FlowContext,
  spec: MasterSpec,
  record: QboMasterRecord,
  mapped: Mapped,
  target: { link?: Link; itId: string; version: number | null; key: string },
): ItUpdateStep {
  const qboId = qboIdOf(record);
  return {
    kind: 'it.update',
    key: target.key,
    entity: spec.entity,
    sourceId: qboId,
    action: 'update',
    summary: `update IntelliTrack ${spec.entity} ${target.itId} from QBO ${spec.qboEntity} ${qboId}`,
    resource: spec.resource,
    itId: target.itId,
    body: mapped.owned,
    ifVersion: target.version,
    link: {
      entity: spec.entity,
      origin: 'qbo',
      qboId,
      itId: target.itId,
      qboSyncToken: typeof record.SyncToken === 'string' ? record.SyncToken : null,
      qboHash: mapped.hash,
      data: linkData(ctx, spec, mapped),
    },
  };
}

function createStep(ctx: FlowContext, spec: MasterSpec, record: QboMasterRecord, mapped: Mapped): ItCreateStep {
  const qboId = qboIdOf(record);
  return {
    kind: 'it.create',
    key: `${spec.prefix}:${qboId}:create`,
    entity: spec.entity,
    sourceId: qboId,
    action: 'create',
    summary: `create IntelliTrack ${spec.entity} from QBO ${spec.qboEntity} ${qboId}`,
    resource: spec.resource,
    body: mapped.body,
    link: {
      entity: spec.entity,
      origin: 'qbo',
      qboId,
      qboSyncToken: typeof record.SyncToken === 'string' ? record.SyncToken : null,
      qboHash: mapped.hash,
      data: linkData(ctx, spec, mapped),
    },
  };
}

/**
 * Plans the writes for one QBO record: a linked record of a two-way entity is merged field by field
 * with its IntelliTrack side (if the feed had it); anything else as below. Its link is looked up in
 * `links` (the links of its page, read together), else in the store.
 */
export async function planQboRecord(
  ctx: FlowContext,
  spec: MasterSpec,
  run: MasterRun,
  record: QboMasterRecord,
  links: LinkLookup = ctx.store,
): Promise<PlanStep[]> {
  const link = spec.twoWay ? await links.getLinkByQboId(spec.entity, qboIdOf(record)) : undefined;
  if (spec.twoWay && link) {
    const it = run.itChanged.get(link.qboId)?.record;
    run.itChanged.delete(link.qboId);
    return planTwoWay(ctx, spec.twoWay, { link, qbo: record, it });
  }
  const step = await planOne(ctx, spec, run, record, links);
  return step ? [step] : [];
}

async function planOne(
  ctx: FlowContext,
  spec: MasterSpec,
  run: MasterRun,
  record: QboMasterRecord,
  links: LinkLookup,
): Promise<PlanStep | undefined> {
  const qboId = qboIdOf(record);
  let mapped: Mapped;
  try {
    mapped = mapRecord(ctx, spec, record);
  } catch (error) {
    await failRecord(ctx, { entity: spec.entity, side: 'qbo', sourceId: qboId }, error);
    return undefined;
  }
  const link = await links.getLinkByQboId(spec.entity, qboId);
  if (link && link.origin !== 'qbo') {
    // IntelliTrack owns this record (it was created there): QBO-side edits are not pulled back.
    ctx.report.count(spec.entity, 'unchanged');
    return undefined;
  }
  const drift = run.drifted.get(qboId);
  run.drifted.delete(qboId);
  if (link) {
    if (link.qboHash === mapped.hash && !drift) {
      ctx.report.count(spec.entity, 'unchanged');
      await keepSyncToken(ctx, link, record);
      return undefined;
    }
    const version = drift ? (drift.record.version as number) : link.itVersion;
    const key = `${spec.prefix}:${qboId}:update:${shortDigest(`${mapped.hash}|${version}`)}`;
    return updateStep(ctx, spec, record, mapped, { link, itId: link.itId, version, key });
  }
  if (record.Active === false && !spec.createInactive) {
    ctx.report.skip(spec.entity, qboId, `inactive in QBO and not in IntelliTrack`);
    return undefined;
  }
  return planUnlinked(ctx, spec, run, record, mapped);
}

async function planUnlinked(
  ctx: FlowContext,
  spec: MasterSpec,
  run: MasterRun,
  record: QboMasterRecord,
  mapped: Mapped,
): Promise<PlanStep | undefined> {
  const qboId = qboIdOf(record);
  for (const field of spec.matchFields) {
    const value = mapped.body[field];
    if (typeof value !== 'string' || value === '') continue;
    const claimedBy = run.claimed.get(field, value);
    if (claimedBy !== undefined && claimedBy !== qboId) {
      return conflict(
        ctx,
        spec,
        qboId,
        `${field} "${value}" is also the mapped ${field} of QBO ${spec.qboEntity} ${claimedBy}`,
      );
    }
    run.claimed.set(field, value, qboId);
  }
  const match = await run.index.match(spec.matchFields, mapped.body);
  if (match.kind === 'ambiguous') return conflict(ctx, spec, qboId, match.reason);
  if (match.kind === 'none') return createStep(ctx, spec, record, mapped);
  const other = match.record.externalRef;
  if (other !== undefined && other !== qboId) {
    return conflict(
      ctx,
      spec,
      qboId,
      `matches IntelliTrack ${spec.entity} ${match.record.id}, already linked to QBO ${spec.qboEntity} ${other}`,
    );
  }
  const { id: itId, version } = match.record;
  return updateStep(ctx, spec, record, mapped, { itId, version, key: `${spec.prefix}:${qboId}:match:${itId}` });
}

/** Reports a conflict of a master-data record and emits it. */
export function conflict(ctx: FlowContext, spec: MasterSpec, id: string, reason: string): undefined {
  ctx.report.conflict(spec.entity, id, reason);
  ctx.events.emit('conflict', { entity: spec.entity, id, reason });
  return undefined;
}

/**
 * A QBO record whose mapped fields did not change may still have a new SyncToken (an item's
 * QtyOnHand moved by an adjustment, a bill or an invoice): the link keeps the token it has now, so
 * `verify()` does not report the record as changed in QBO. No write in a dry run or a plan.
 */
async function keepSyncToken(ctx: FlowContext, link: Link, record: QboMasterRecord): Promise<void> {
  const token = typeof record.SyncToken === 'string' ? record.SyncToken : null;
  if (ctx.dryRun || token === null || link.qboSyncToken === token) return;
  await ctx.store.putLinks([{ ...link, qboSyncToken: token }]);
}
