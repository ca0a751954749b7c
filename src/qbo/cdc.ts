/**
 * Change data capture: `GET /cdc?entities=…&changedSince=…`. QBO looks back at most 30 days and
 * returns at most 1000 objects in one response, oldest first. When a response hits that cap, its
 * window is split by time and entity: each entity is read again, alone, from the newest change it
 * received, until every response comes back under the cap. When 1000 or more changes of one entity
 * share one `LastUpdatedTime` second, no `changedSince` can split them: the records updated at or
 * after that instant are read with a paged query instead, and CDC resumes one second later.
 * Records are de-duplicated by Id (the newest version wins), so nothing is reported twice.
 */
import type { Clock } from '../core/clock.js';
import { FullSyncRequiredError, InvalidArgumentError, ResponseValidationError, ServerError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Change, ChangesParams, QboEntityName } from './api.js';
import { queryChangesSince } from './cdc-instant.js';
import type { QueryRunner } from './paging.js';
import { parseEntity, parseEnvelope } from './response.js';
import { type CdcResponse, CdcResponseSchema, DeletedRecordSchema } from './schemas/index.js';

/** How far back CDC can look. */
export const CDC_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
/** Most objects QBO returns in one CDC response. */
export const CDC_OBJECT_CAP = 1000;
/** Resolution of QBO's `MetaData.LastUpdatedTime` (whole seconds). */
const INSTANT_MS = 1000;

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
  /**
   * Runs a query text. It completes a window capped within one instant (see {@link readChanges});
   * without it such a window throws ServerError.
   */
  query?: QueryRunner;
  /** Receives the warning about deletions a capped instant may hide. @default none */
  logger?: Logger;
}

/**
 * Every change of `params.entities` since `params.since`, oldest first per entity, in the order the
 * entities were given. A single-entity window whose response is capped with every change in one
 * instant is completed by a paged query of the records updated at or after that instant (merged by
 * Id, newest wins), keeping the deletions the capped response listed; a warning is logged because
 * QBO cannot list deletions of that instant beyond the cap. CDC then resumes one second later.
 * @throws FullSyncRequiredError when `since` is more than 30 days before the clock's now
 * @throws InvalidArgumentError when `entities` is empty
 * @throws ServerError when a window is capped within one instant and no `query` runner was given
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
  const merge = (entity: QboEntityName, changes: readonly Change[]): void => {
    const seen = found.get(entity) ?? new Map<string, Change>();
    for (const change of changes) keepNewest(seen, change);
  };
  let pending: CdcWindow[] = [{ entities: [...params.entities], since: params.since }];
  while (pending.length > 0) {
    const next: CdcWindow[] = [];
    for (const window of pending) {
      const { data, url } = await run(window.entities, window.since, options.signal);
      const byEntity = changesOf(parseEnvelope(CdcResponseSchema, data, 'CDCResponse', url), window.entities, url);
      for (const [entity, changes] of byEntity) merge(entity, changes);
      for (const follow of splitWindow(window, byEntity, cap, url)) {
        if ('since' in follow) next.push(follow);
        else next.push(await completeInstant(follow, merge, { ...options, url }));
      }
    }
    pending = next;
  }
  return params.entities.flatMap((e) => [...(found.get(e)?.values() ?? [])].sort(byTime));
}

interface CdcWindow {
  entities: QboEntityName[];
  since: Date;
}

/** A single-entity window capped with every change in one instant: no `changedSince` splits it. */
interface StuckInstant {
  entity: QboEntityName;
  at: number;
  /** Objects the capped response held. */
  received: number;
  /** Deletions the capped response held (kept; others at that instant cannot be listed). */
  deletions: number;
}

/**
 * The follow-ups of a capped response, one per entity. Whether QBO applies the cap per entity or
 * to the whole response, every entity is complete up to its own newest change (an entity with none,
 * up to the newest change of the response), so each is read again from there. A single-entity
 * response whose changes all share one instant cannot shrink that way and becomes a StuckInstant.
 * @throws ServerError when a single-entity response does not advance past its window's start
 */
function splitWindow(
  window: CdcWindow,
  byEntity: Map<QboEntityName, Change[]>,
  cap: number,
  url: string,
): (CdcWindow | StuckInstant)[] {
  const all = [...byEntity.values()].flat();
  if (all.length < cap) return [];
  const newestOverall = newest(all);
  return window.entities.map((entity) => {
    const own = byEntity.get(entity) ?? [];
    if (window.entities.length === 1 && own.length > 0 && oldest(own) === newest(own)) {
      const deletions = own.filter((c) => c.status === 'Deleted').length;
      return { entity, at: newest(own), received: own.length, deletions };
    }
    const cursor = own.length > 0 ? newest(own) : newestOverall;
    if (cursor > window.since.getTime()) return { entities: [entity], since: new Date(cursor) };
    if (window.entities.length > 1) return { entities: [entity], since: window.since };
    // Reading the same window again would loop: QBO answered changes that do not move the cursor.
    throw new ServerError(
      `CDC returned ${own.length} ${entity} changes, the cap, none after ${window.since.toISOString()}`,
      {
        service: 'qbo',
        method: 'GET',
        url,
      },
    );
  });
}

/**
 * Reads the records of a stuck instant with a paged query, merges them, warns about the deletions
 * QBO cannot list, and returns the CDC window that resumes one second after the instant.
 * @throws ServerError without a query runner
 */
async function completeInstant(
  stuck: StuckInstant,
  merge: (entity: QboEntityName, changes: readonly Change[]) => void,
  options: ReadChangesOptions & { url: string },
): Promise<CdcWindow> {
  const at = new Date(stuck.at);
  if (!options.query) {
    throw new ServerError(
      `CDC returned ${stuck.received} ${stuck.entity} changes, the cap, all at ${at.toISOString()}; the window cannot be split`,
      { service: 'qbo', method: 'GET', url: options.url },
    );
  }
  const queried = await queryChangesSince(stuck.entity, at, options.query, signalOf(options));
  merge(stuck.entity, queried);
  options.logger?.warn(
    {
      service: 'qbo',
      entity: stuck.entity,
      at: at.toISOString(),
      cdcObjects: stuck.received,
      cdcDeletions: stuck.deletions,
      queried: queried.length,
    },
    'CDC capped within one instant: updates read by query; deletions at that instant beyond the cap cannot be listed',
  );
  return { entities: [stuck.entity], since: new Date(stuck.at + INSTANT_MS) };
}

function signalOf(options: { signal?: AbortSignal }): { signal?: AbortSignal } {
  return options.signal ? { signal: options.signal } : {};
}

function oldest(changes: readonly Change[]): number {
  return Math.min(...changes.map((c) => Date.parse(c.lastUpdatedTime)));
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
