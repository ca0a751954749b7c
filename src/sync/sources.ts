import type { Clock } from '../core/clock.js';
import { FullSyncRequiredError, ServerError } from '../core/errors.js';
import type { ChangeFeedPage, IntelliTrackApi, ItRecordOf, ItResource } from '../intellitrack/api.js';
import type { Change, EntityOf, QboApi, QboEntityName, QuerySpec } from '../qbo/api.js';
import type { StateStore } from './store.js';

const DAY_MS = 86_400_000;
/** Changes committed around the watermark instant are read again; unchanged content writes nothing. */
const OVERLAP_MS = 5_000;

/** What changed on the QBO side of one entity since its watermark. */
export interface QboRead<T> {
  /** `full` when the watermark was missing or too old for CDC. */
  mode: 'full' | 'cdc';
  /** Records created or updated, a page (≤ 1000) at a time. */
  pages: AsyncIterable<T[]>;
  /** Ids deleted since the watermark (CDC only: deletes are never inferred from absence). */
  deleted: string[];
  /** Watermark key and the value to save once the writes it covers are done. */
  watermark: { key: string; value: string };
}

/** Watermark key of a QBO entity. */
export function qboWatermarkKey(entity: QboEntityName): string {
  return `qbo:${entity}`;
}

/** Watermark key of an IntelliTrack change feed. */
export function itWatermarkKey(resource: ItResource): string {
  return `it:${resource}`;
}

async function* onePage<T>(records: T[]): AsyncIterable<T[]> {
  if (records.length > 0) yield records;
}

async function* recordsOf<T>(pages: AsyncIterable<{ records: T[] }>): AsyncIterable<T[]> {
  for await (const page of pages) yield page.records;
}

/**
 * Reads QBO changes per entity: CDC when the entity's watermark is recent enough, else a full paged
 * query. `prefetch` answers several entities with one CDC call (what `syncAll` does).
 */
export class QboChangeReader {
  readonly #qbo: QboApi;
  readonly #store: StateStore;
  readonly #clock: Clock;
  readonly #maxAgeMs: number;
  readonly #signal: AbortSignal | undefined;
  readonly #cache = new Map<QboEntityName, { at: string; changes: Change[] }>();
  readonly #notes: string[];
  /** Set once CDC could not answer: the rest of the run reads in full instead of asking again. */
  #cdcUnavailable = false;

  constructor(init: {
    qbo: QboApi;
    store: StateStore;
    clock: Clock;
    maxAgeDays: number;
    signal?: AbortSignal;
    /** Where to note a fallback to a full read (the report's notes). */
    notes?: string[];
  }) {
    this.#notes = init.notes ?? [];
    this.#qbo = init.qbo;
    this.#store = init.store;
    this.#clock = init.clock;
    this.#maxAgeMs = init.maxAgeDays * DAY_MS - OVERLAP_MS;
    this.#signal = init.signal;
  }

  async #since(entity: QboEntityName): Promise<number | undefined> {
    const stored = await this.#store.getWatermark(qboWatermarkKey(entity));
    const at = stored === undefined ? Number.NaN : Date.parse(stored);
    if (this.#cdcUnavailable || Number.isNaN(at) || this.#clock.now() - at > this.#maxAgeMs) return undefined;
    return at;
  }

  /** One CDC call for every entity in `entities` whose watermark allows it. */
  async prefetch(entities: readonly QboEntityName[]): Promise<void> {
    const eligible: { entity: QboEntityName; since: number }[] = [];
    for (const entity of new Set(entities)) {
      const since = await this.#since(entity);
      if (since !== undefined && !this.#cache.has(entity)) eligible.push({ entity, since });
    }
    if (eligible.length === 0) return;
    const since = Math.min(...eligible.map((e) => e.since));
    const at = new Date(this.#clock.now() - OVERLAP_MS).toISOString();
    const changes = await this.#cdc(
      eligible.map((e) => e.entity),
      since,
    );
    if (!changes) return;
    for (const { entity } of eligible) {
      this.#cache.set(entity, { at, changes: changes.filter((c) => c.entity === entity) });
    }
  }

  async #cdc(entities: QboEntityName[], since: number): Promise<Change[] | undefined> {
    try {
      return await this.#qbo.changes(
        { entities, since: new Date(since) },
        this.#signal ? { signal: this.#signal } : {},
      );
    } catch (error) {
      // Too old for CDC, or a CDC answer that failed after the client's retries: a full paged read
      // is always correct, only dearer. (Over 1000 changes in one second is handled by the client.)
      if (error instanceof FullSyncRequiredError || error instanceof ServerError) {
        this.#cdcUnavailable = true;
        this.#notes.push(`CDC unavailable (${error.message}); full read instead`);
        return undefined;
      }
      throw error;
    }
  }

  /** What changed for `query.entity`; `keep` filters records (e.g. only Inventory items). */
  async read<N extends QboEntityName>(
    query: QuerySpec<N>,
    keep: (record: EntityOf<N>) => boolean = () => true,
  ): Promise<QboRead<EntityOf<N>>> {
    const entity = query.entity;
    const key = qboWatermarkKey(entity);
    await this.prefetch([entity]);
    const cached = this.#cache.get(entity);
    if (cached) {
      const updated: EntityOf<N>[] = [];
      const deleted: string[] = [];
      for (const change of cached.changes) {
        if (change.status === 'Deleted') deleted.push(change.id);
        else if (keep(change.record as EntityOf<N>)) updated.push(change.record as EntityOf<N>);
      }
      return { mode: 'cdc', pages: onePage(updated), deleted, watermark: { key, value: cached.at } };
    }
    const at = new Date(this.#clock.now() - OVERLAP_MS).toISOString();
    const pages = this.#qbo.queryPages(query, this.#signal ? { signal: this.#signal } : {});
    return { mode: 'full', pages: filterPages(recordsOf(pages), keep), deleted: [], watermark: { key, value: at } };
  }
}

async function* filterPages<T>(pages: AsyncIterable<T[]>, keep: (record: T) => boolean): AsyncIterable<T[]> {
  for await (const page of pages) yield page.filter(keep);
}

/**
 * The IntelliTrack change feed of `resource` since its stored cursor, page by page. The cursor to
 * save (after the writes) is returned by `cursor()` once the pages are consumed.
 */
export function readItChanges<R extends ItResource>(init: {
  it: IntelliTrackApi;
  store: StateStore;
  resource: R;
  divisionId: string;
  signal?: AbortSignal | undefined;
}): { pages: AsyncIterable<ChangeFeedPage<ItRecordOf<R>>>; cursor: () => string | undefined } {
  let last: string | undefined;
  async function* pages(): AsyncIterable<ChangeFeedPage<ItRecordOf<R>>> {
    let cursor = (await init.store.getWatermark(itWatermarkKey(init.resource))) ?? null;
    for (;;) {
      const page = await init.it.changes(
        init.resource,
        { divisionId: init.divisionId, cursor, limit: 1000 },
        init.signal ? { signal: init.signal } : {},
      );
      last = page.nextCursor;
      yield page;
      if (!page.hasMore || page.nextCursor === cursor) return;
      cursor = page.nextCursor;
    }
  }
  return { pages: pages(), cursor: () => last };
}
