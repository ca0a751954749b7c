import { contentHash } from '../../mappers/index.js';
import type { LinkSeed, PlanStep } from '../plan/steps.js';
import type { LinkLookup } from './link-buffer.js';
import type { Link } from './store.js';

/** The fields of `record` that a mapped value sets, in the mapped value's key order. */
export function project(record: Record<string, unknown>, mapped: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(mapped)) out[key] = record[key] ?? null;
  return out;
}

/** Content hash of the IntelliTrack fields this engine owns on `record` (per the last mapped value). */
export function itHashOf(record: Record<string, unknown>, mapped: Record<string, unknown>): string {
  return contentHash(project(record, mapped));
}

/** The mapped value kept on a link (what was last written to IntelliTrack), if any. */
export function mappedOf(link: Link | undefined): Record<string, unknown> | undefined {
  const mapped = link?.data.mapped;
  return typeof mapped === 'object' && mapped !== null ? (mapped as Record<string, unknown>) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

async function existingLink(links: LinkLookup, seed: LinkSeed): Promise<Link | undefined> {
  if (seed.qboId !== undefined) {
    const found = await links.getLinkByQboId(seed.entity, seed.qboId);
    if (found) return found;
  }
  return seed.itId === undefined ? undefined : links.getLinkByItId(seed.entity, seed.itId);
}

/**
 * The stored link a write is about, as its activity entry describes it before the write: by the QBO
 * id of its seed or step, else by the IntelliTrack id.
 */
export async function linkOfStep(links: LinkLookup, step: PlanStep): Promise<Link | undefined> {
  const seed = 'link' in step ? step.link : undefined;
  const qboId = seed?.qboId ?? ('qboId' in step ? step.qboId : undefined);
  if (qboId !== undefined) return links.getLinkByQboId(step.entity, qboId);
  const itId = seed?.itId ?? ('itId' in step ? step.itId : undefined);
  return itId === undefined ? undefined : links.getLinkByItId(step.entity, itId);
}

/** A link as a write settles it, and the stored link it replaces (if any). */
export interface SettledLink {
  link: Link;
  replaced: Link | undefined;
}

/**
 * The link after `step` succeeded with `result`: the seed, completed from the response (ids,
 * versions, SyncTokens — never read back), merged over the stored link.
 * @throws Error when neither the seed nor the response gives both ids (a bug, not bad data).
 */
export async function settleLink(
  links: LinkLookup,
  step: PlanStep & { link: LinkSeed },
  result: Record<string, unknown>,
  now: number,
): Promise<SettledLink> {
  const seed = step.link;
  const old = await existingLink(links, seed);
  const data: Record<string, unknown> = { ...(old?.data ?? {}), ...(seed.data ?? {}) };
  // Two-way links: each write settles the synced values of the fields it wrote, field by field.
  const oldBase = old?.data.base;
  if (isRecord(oldBase) && isRecord(seed.data?.base)) data.base = { ...oldBase, ...seed.data.base };
  const link: Link = {
    entity: seed.entity,
    qboId: seed.qboId ?? old?.qboId ?? '',
    itId: seed.itId ?? old?.itId ?? '',
    origin: seed.origin,
    qboSyncToken: seed.qboSyncToken ?? old?.qboSyncToken ?? null,
    itVersion: seed.itVersion ?? old?.itVersion ?? null,
    qboHash: seed.qboHash ?? old?.qboHash ?? null,
    itHash: seed.itHash ?? old?.itHash ?? null,
    data,
    updatedAt: now,
  };
  applyResult(link, step, result);
  if (link.qboId === '' || link.itId === '') {
    throw new Error(`Cannot link ${seed.entity} for step ${step.key}: the response carried no id.`);
  }
  return { link, replaced: old };
}

function applyResult(link: Link, step: PlanStep, result: Record<string, unknown>): void {
  if (step.kind === 'it.create' || step.kind === 'it.update') {
    if (step.kind === 'it.create') link.itId = str(result.id) ?? link.itId;
    if (typeof result.version === 'number') link.itVersion = result.version;
    const mapped = mappedOf(link);
    if (mapped) link.itHash = itHashOf(result, mapped);
    return;
  }
  if (step.kind === 'qbo.create' || step.kind === 'qbo.update') {
    const field = step.link.resultField;
    if (typeof field === 'string') {
      link.data[field] = str(result.Id) ?? null;
      return;
    }
    link.qboId = str(result.Id) ?? link.qboId;
    link.qboSyncToken = str(result.SyncToken) ?? link.qboSyncToken;
  }
}

/** The small part of a response kept in the journal (enough to settle again after a crash). */
export function resultSummary(result: unknown): Record<string, unknown> {
  if (typeof result !== 'object' || result === null) return {};
  const r = result as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of ['id', 'version', 'Id', 'SyncToken', 'status', 'externalRef']) {
    if (r[key] !== undefined) out[key] = r[key];
  }
  return out;
}
