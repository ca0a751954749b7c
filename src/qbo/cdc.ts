/**
 * Change data capture: `GET /cdc?entities=…&changedSince=…`. QBO looks back at most 30 days and
 * returns at most 1000 objects in one response, oldest first. When a response hits that cap, its
 * window is split by time and entity: each entity is read again, alone, from the newest change it
 * received, until every response comes back under the cap. Records are de-duplicated by Id (the
 * newest version wins), so nothing is lost and nothing is reported twice.
 */
import type { Clock } from '../core/clock.js';
import { FullSyncRequiredError, InvalidArgumentError, ResponseValidationError, ServerError } from '../core/errors.js';
import type { Change, ChangesParams, QboEntityName } from './api.js';
import { parseEntity, parseEnvelope } from './response.js';
import { type CdcResponse, CdcResponseSchema, DeletedRecordSchema } from './schemas/index.js';

/** How far back CDC can look. */
export const CDC_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
/** Most objects QBO returns in one CDC response. */
export const CDC_OBJECT_CAP = 1000;

/** Runs one CDC request and returns its body and (redacted) URL. */
export type CdcRunner = (
  entities: readonly QboEntityName[],
  changedSince: Date,
  signal?: AbortSignal,
) => Promise<{ data: unknown; url: string }>;

/** Options of {@link readChanges}. */
export interface ReadChangesOptions {
  clock: Clock;
  signal?: AbortSignal;
  /** Objects per entity at which a response counts as capped. @default 1000 */
  cap?: number;
}

/**
 * Every change of `params.entities` since `params.since`, oldest first per entity, in the order the
 * entities were given.
 * @throws FullSyncRequiredError when `since` is more than 30 days before the clock's now
 * @throws InvalidArgumentError when `entities` is empty
 * @throws ServerError when a capped window cannot be split (over `cap` changes in one instant)
 */
export async function readChanges(
  params: ChangesParams,
  run: CdcRunner,
  options: ReadChangesOptions,
): Promise<Change[]> {
  if (params.entities.length === 0) throw new InvalidArgumentError('changes() needs at least one entity');
  if (options.clock.now() - params.since.getTime() > CDC_MAX_AGE_MS) throw new FullSyncRequiredError(params.since);
  const cap = options.cap ?? CDC_OBJECT_CAP;
  const found = new Map<QboEntityName, Map<string, Change>>(params.entities.map((e) => [e, new Map()]));
  let pending: CdcWindow[] = [{ entities: [...params.entities], since: params.since }];
  while (pending.length > 0) {
    const next: CdcWindow[] = [];
    for (const window of pending) {
      const { data, url } = await run(window.entities, window.since, options.signal);
      const byEntity = changesOf(parseEnvelope(CdcResponseSchema, data, 'CDCResponse', url), window.entities, url);
      for (const [entity, changes] of byEntity) {
        const seen = found.get(entity) ?? new Map<string, Change>();
        for (const change of changes) keepNewest(seen, change);
      }
      next.push(...splitWindow(window, byEntity, cap, url));
    }
    pending = next;
  }
  return params.entities.flatMap((e) => [...(found.get(e)?.values() ?? [])].sort(byTime));
}

interface CdcWindow {
  entities: QboEntityName[];
  since: Date;
}

/**
 * The follow-up windows of a capped response, one per entity. Whether QBO applies the cap per entity
 * or to the whole response, every entity is complete up to its own newest change (an entity with
 * none, up to the newest change of the response), so each is read again from there.
 * @throws ServerError when a single-entity window is capped within one instant and cannot shrink
 */
function splitWindow(window: CdcWindow, byEntity: Map<QboEntityName, Change[]>, cap: number, url: string): CdcWindow[] {
  const all = [...byEntity.values()].flat();
  if (all.length < cap) return [];
  const newestOverall = newest(all);
  return window.entities.map((entity) => {
    const own = byEntity.get(entity) ?? [];
    const cursor = own.length > 0 ? newest(own) : newestOverall;
    if (cursor > window.since.getTime()) return { entities: [entity], since: new Date(cursor) };
    if (window.entities.length > 1) return { entities: [entity], since: window.since };
    throw new ServerError(
      `CDC returned ${all.length} ${entity} changes, the cap, all at ${window.since.toISOString()}; the window cannot be split`,
      { service: 'qbo', method: 'GET', url },
    );
  });
}

function newest(changes: readonly Change[]): number {
  return Math.max(...changes.map((c) => Date.parse(c.lastUpdatedTime)));
}

function keepNewest(seen: Map<string, Change>, change: Change): void {
  const previous = seen.get(change.id);
  if (!previous || Date.parse(previous.lastUpdatedTime) <= Date.parse(change.lastUpdatedTime)) {
    seen.set(change.id, change);
  }
}

function byTime(a: Change, b: Change): number {
  return Date.parse(a.lastUpdatedTime) - Date.parse(b.lastUpdatedTime);
}

function changesOf(body: CdcResponse, entities: readonly QboEntityName[], url: string): Map<QboEntityName, Change[]> {
  const out = new Map<QboEntityName, Change[]>(entities.map((e) => [e, []]));
  for (const cdc of body.CDCResponse) {
    for (const qr of cdc.QueryResponse ?? []) {
      for (const entity of entities) {
        const list = (qr as Record<string, unknown>)[entity];
        if (!Array.isArray(list)) continue;
        out.get(entity)?.push(...list.map((raw) => toChange(entity, raw, url)));
      }
    }
  }
  return out;
}

function toChange(entity: QboEntityName, raw: unknown, url: string): Change {
  const deleted = DeletedRecordSchema.safeParse(raw);
  if (deleted.success) {
    const lastUpdatedTime = deleted.data.MetaData?.LastUpdatedTime ?? '';
    return { entity, status: 'Deleted', id: deleted.data.Id, lastUpdatedTime };
  }
  const record = parseEntity(entity, raw, url);
  const meta = (record as { Id?: string; MetaData?: { LastUpdatedTime?: string } }).MetaData;
  const id = (record as { Id?: string }).Id;
  if (id === undefined) {
    throw new ResponseValidationError({ service: 'qbo', entity, url, issues: [{ path: 'Id', message: 'Required' }] });
  }
  return { entity, status: 'Updated', id, record, lastUpdatedTime: meta?.LastUpdatedTime ?? '' } as Change;
}
