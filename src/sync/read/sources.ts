import type { Clock } from '../../core/clock.js';
import { FullSyncRequiredError, ServerError, ValidationError } from '../../core/errors.js';
import type { BatchOperation, BatchResult, Change, EntityOf, QboApi, QboEntityName, QuerySpec } from '../../qbo/api.js';
import { MAX_BATCH_OPERATIONS } from '../../qbo/batch.js';
import { MAX_QUERY_RESULTS, toQueryString } from '../../qbo/query.js';
import type { StateStore } from '../state/store.js';
// IntelliTrack change feeds are read by cursor (`it-changes.ts`); flows import both from here.
import type { WatermarkSource } from './it-changes.js';
import { mustRead, type NoticeGate } from './notices.js';
import { OVERLAP_MS, ReadClock } from './read-clock.js';

export { itWatermarkKey, readItChanges, type WatermarkSource } from './it-changes.js';

const DAY_MS = 86_400_000;

/** What changed on the QBO side of one entity since its watermark. */
export interface QboRead<T> {
  /** `full` when the watermark was missing or too old for CDC. */
  mode: 'full' | 'cdc';
  /** Records created or updated, a page (≤ 1000) at a time. */
  pages: AsyncIterable<T[]>;
  /** Ids deleted since the watermark (CDC only: deletes are never inferred from absence). */
  deleted: string[];
  /**
   * Watermark key and the value to save once the writes it covers are done: QBO's clock when it
   * first answered the read (or the newest change time read), minus an overlap. Read `value` after
   * the pages: a read without QBO's `time` takes it from the records.
   */
  watermark: { readonly key: string; readonly value: string };
  /**
   * Records the read holds, for progress: QBO's `COUNT(*)` of a full read started in a batch, the
   * number of changes of a CDC read; undefined when not counted (a plain paged read).
   */
  total: number | undefined;
}

/** Watermark key of a QBO entity. */
export function qboWatermarkKey(entity: QboEntityName): string {
  return `qbo:${entity}`;
}

async function* onePage<T>(records: T[]): AsyncIterable<T[]> {
  if (records.length > 0) yield records;
}

async function* recordsOf<T>(pages: AsyncIterable<{ records: T[] }>): AsyncIterable<T[]> {
  for await (const page of pages) yield page.records;
}

/** Entities whose full read one batch request starts: a `COUNT(*)` and the first page of each. */
const FULL_READS_PER_BATCH = Math.floor(MAX_BATCH_OPERATIONS / 2);

/** What `prefetch` read for an entity, held until its flow reads it. */
type Prefetched =
  /** `gated`: not read, no notice since the last read (`qboReads: 'on-notice'`): no changes, watermark kept. */
  | { mode: 'cdc'; clock: ReadClock; changes: Change[]; gated?: true }
  /** The batch could not start its full read: it is paged from the first page, as without a batch. */
  | { mode: 'paged' }
  | {
      mode: 'full';
      clock: ReadClock;
      /** Query text of the page, so a flow reading with another query does not get it. */
      text: string;
      /** Records at positions 1–1000. */
      first: Record<string, unknown>[];
      /** `COUNT(*)` of the query, when QBO answered it. */
      total: number | undefined;
    };

/**
 * Reads QBO changes per entity: CDC when the entity's watermark is recent enough, else a full paged
 * query. `prefetch` starts the reads of several entities at once (what `syncAll` does): one CDC call
 * answers every entity with a recent watermark, and one batch request carries, for every other
 * entity, its `COUNT(*)` and its first page. The count says where the last page is, so a full read
 * never needs the empty request that would otherwise find the end of a result set whose size is a
 * multiple of 1000.
 */
export class QboChangeReader {
  readonly #qbo: QboApi;
  readonly #store: StateStore;
  readonly #watermarks: WatermarkSource;
  readonly #clock: Clock;
  readonly #maxAgeMs: number;
  readonly #signal: AbortSignal | undefined;
  readonly #cache = new Map<QboEntityName, Prefetched>();
  /** Stored watermarks, as read when the run started reading each entity. */
  readonly #stored = new Map<QboEntityName, string | undefined>();
  readonly #notes: string[];
  /** Set once CDC could not answer: the rest of the run reads in full instead of asking again. */
  #cdcUnavailable = false;
  readonly #gate: NoticeGate | undefined;
  #sawChange = false;
  #readInFull = false;

  constructor(init: {
    qbo: QboApi;
    store: StateStore;
    /** Where the stored watermarks are read (a run's `RunWatermarks`). @default `store` */
    watermarks?: WatermarkSource;
    clock: Clock;
    maxAgeDays: number;
    signal?: AbortSignal;
    /** Where to note a fallback to a full read (the report's notes). */
    notes?: string[];
    /** Under `qboReads: 'on-notice'`: which entities with a recent watermark are read. */
    gate?: NoticeGate;
  }) {
    this.#gate = init.gate;
    this.#notes = init.notes ?? [];
    this.#qbo = init.qbo;
    this.#store = init.store;
    this.#watermarks = init.watermarks ?? init.store;
    this.#clock = init.clock;
    this.#maxAgeMs = init.maxAgeDays * DAY_MS - OVERLAP_MS;
    this.#signal = init.signal;
  }

  /** Which reads this run may leave out (`qboReads`), or undefined when every run reads. */
  get gate(): NoticeGate | undefined {
    return this.#gate;
  }

  /** Whether this run's CDC reads returned a QBO change (`qboReads: 'adaptive'`). */
  get sawChange(): boolean {
    return this.#sawChange;
  }

  /** Whether this run started reading an entity in full (`qboReads: 'adaptive'`). */
  get readInFull(): boolean {
    return this.#readInFull;
  }

  /** Options of every call of a read: the run's signal, and QBO's `time` into the read's clock. */
  #callOptions(clock: ReadClock): { signal?: AbortSignal; onServerTime: (time: Date) => void } {
    return { ...(this.#signal ? { signal: this.#signal } : {}), onServerTime: clock.onServerTime };
  }

  /** The watermark of `entity` for a read whose QBO times `clock` collected. */
  #watermark(entity: QboEntityName, clock: ReadClock): { readonly key: string; readonly value: string } {
    const key = qboWatermarkKey(entity);
    const kept = this.#stored.get(entity);
    const host = this.#clock;
    return {
      key,
      get value() {
        return clock.watermark(kept, () => host.now());
      },
    };
  }

  async #since(entity: QboEntityName): Promise<number | undefined> {
    const stored = await this.#watermarks.getWatermark(qboWatermarkKey(entity));
    this.#stored.set(entity, stored);
    const at = stored === undefined ? Number.NaN : Date.parse(stored);
    if (this.#cdcUnavailable || Number.isNaN(at) || this.#clock.now() - at > this.#maxAgeMs) return undefined;
    return at;
  }

  /**
   * Starts the reads of `queries` (one per entity; later ones of an entity already given are
   * ignored): one CDC call for every entity whose watermark allows it, then one batch request per
   * {@link FULL_READS_PER_BATCH} entities that need a full read (all of them when CDC could not
   * answer). What was read is held until `read()` of the same entity takes it. Under a notice gate
   * (`qboReads: 'on-notice'`), the CDC call is made only when `fresh` or when one of the entities
   * must be read (then it reads them all, at the same cost); otherwise they have no changes and keep
   * their watermarks.
   */
  async prefetch(queries: readonly QuerySpec[], options: { fresh?: boolean } = {}): Promise<void> {
    let recent: { query: QuerySpec; since: number }[] = [];
    const full: QuerySpec[] = [];
    const seen = new Set<QboEntityName>();
    let due = options.fresh === true || !this.#gate;
    for (const query of queries) {
      if (seen.has(query.entity) || this.#cache.has(query.entity)) continue;
      seen.add(query.entity);
      const since = await this.#since(query.entity);
      if (since === undefined) full.push(query);
      else {
        recent.push({ query, since });
        due ||= await this.#due(query.entity, since);
      }
    }
    // One CDC call answers every entity for the price of one: with one entity due, all are read.
    if (!due && recent.length > 0) {
      for (const { query } of recent) {
        this.#cache.set(query.entity, { mode: 'cdc', clock: new ReadClock(), changes: [], gated: true });
      }
      const names = recent.map((r) => r.query.entity).join(', ');
      this.#notes.push(`QBO not read for ${names}: ${this.#gate?.skipped ?? 'no webhook notice since the last read'}`);
      recent = [];
    }
    if (recent.length > 0) {
      const clock = new ReadClock();
      const changes = await this.#cdc(
        recent.map((r) => r.query.entity),
        Math.min(...recent.map((r) => r.since)),
        clock,
      );
      if (changes) {
        if (changes.length > 0) this.#sawChange = true;
        for (const change of changes) clock.seeChange(change.lastUpdatedTime);
        for (const { query } of recent) {
          const own = changes.filter((c) => c.entity === query.entity);
          this.#cache.set(query.entity, { mode: 'cdc', clock, changes: own });
        }
      } else full.push(...recent.map((r) => r.query));
    }
    if (full.length > 0) this.#readInFull = true;
    for (let i = 0; i < full.length; i += FULL_READS_PER_BATCH) {
      await this.#startFullReads(full.slice(i, i + FULL_READS_PER_BATCH));
    }
  }

  /** Whether the notice gate says `entity`, with a watermark recent enough for CDC, must be read. */
  #due(entity: QboEntityName, since: number): Promise<boolean> {
    if (!this.#gate) return Promise.resolve(true);
    return mustRead(this.#store, this.#gate, { entity, since, now: this.#clock.now() });
  }

  async #cdc(entities: QboEntityName[], since: number, clock: ReadClock): Promise<Change[] | undefined> {
    try {
      return await this.#qbo.changes({ entities, since: new Date(since) }, this.#callOptions(clock));
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

  /**
   * One batch request with the `COUNT(*)` and the first page of each query. An entity whose page
   * did not come back is left to a plain paged read.
   */
  async #startFullReads(queries: readonly QuerySpec[]): Promise<void> {
    // QBO's time of this answer: records added or changed after the count are read again by the next
    // CDC run, so stopping at the counted total loses nothing.
    const clock = new ReadClock();
    const operations: BatchOperation[] = queries.flatMap((query): BatchOperation[] => [
      { bId: `${query.entity}:count`, operation: 'query', query, count: true },
      { bId: `${query.entity}:page`, operation: 'query', query, startPosition: 1, maxResults: MAX_QUERY_RESULTS },
    ]);
    let results: BatchResult[];
    try {
      results = await this.#qbo.batch(operations, this.#callOptions(clock));
    } catch (error) {
      // QBO refused or failed the whole batch: each entity is paged on its own as before.
      if (error instanceof ServerError || error instanceof ValidationError) {
        this.#notes.push(`batched first pages unavailable (${error.message}); paged reads instead`);
        for (const query of queries) this.#cache.set(query.entity, { mode: 'paged' });
        return;
      }
      throw error;
    }
    queries.forEach((query, i) => {
      const count = results[2 * i];
      const page = results[2 * i + 1];
      if (!page?.ok || page.records === undefined) {
        const why = page === undefined ? 'no answer' : page.ok ? 'no records' : page.error.message;
        this.#notes.push(`${query.entity}: first page not read in the batch (${why}); paged read instead`);
        this.#cache.set(query.entity, { mode: 'paged' });
        return;
      }
      const total = count?.ok ? count.totalCount : undefined;
      clock.seeRecords(page.records);
      this.#cache.set(query.entity, { mode: 'full', clock, text: toQueryString(query), first: page.records, total });
    });
  }

  /**
   * What changed for `query.entity`; `keep` filters records (e.g. only Inventory items). `fresh`:
   * read it even when no webhook notice named it (a post-back is about to be made from its documents).
   */
  async read<N extends QboEntityName>(
    query: QuerySpec<N>,
    keep: (record: EntityOf<N>) => boolean = () => true,
    options: { fresh?: boolean } = {},
  ): Promise<QboRead<EntityOf<N>>> {
    const entity = query.entity;
    const held = this.#cache.get(entity);
    if (options.fresh && held?.mode === 'cdc' && held.gated) this.#cache.delete(entity);
    await this.prefetch([query], options);
    const cached = this.#cache.get(entity);
    if (cached?.mode === 'cdc') {
      const updated: EntityOf<N>[] = [];
      const deleted: string[] = [];
      for (const change of cached.changes) {
        if (change.status === 'Deleted') deleted.push(change.id);
        else if (keep(change.record as EntityOf<N>)) updated.push(change.record as EntityOf<N>);
      }
      const watermark = this.#watermark(entity, cached.clock);
      return { mode: 'cdc', pages: onePage(updated), deleted, watermark, total: updated.length };
    }
    // A prefetched first page is handed out once: the flow now holds it, the reader no longer does.
    this.#cache.delete(entity);
    if (cached?.mode === 'full' && cached.text === toQueryString(query)) {
      const { clock } = cached;
      const pages = this.#fullPages(query, cached.first as EntityOf<N>[], cached.total, clock);
      return {
        mode: 'full',
        pages: filterPages(pages, keep, clock),
        deleted: [],
        watermark: this.#watermark(entity, clock),
        total: cached.total,
      };
    }
    if (cached?.mode === 'full') this.#notes.push(`${entity}: prefetched page was read with another query; read again`);
    const clock = new ReadClock();
    const pages = recordsOf(this.#qbo.pages(query, this.#callOptions(clock)));
    return {
      mode: 'full',
      pages: filterPages(pages, keep, clock),
      deleted: [],
      watermark: this.#watermark(entity, clock),
      total: undefined,
    };
  }

  /**
   * The prefetched first page, then the pages after it, up to the counted total. A short page ends
   * the read as always. Pages are asked for with `startPosition` and `total`; a host API that ignores
   * them serves positions already read again, whose records are skipped, and the read stops at the
   * total here whatever the host does.
   */
  async *#fullPages<T>(query: QuerySpec, first: T[], total: number | undefined, clock: ReadClock): AsyncIterable<T[]> {
    const size = first.length;
    // Handed out emptied from here, so this generator does not keep the page while later ones stream.
    yield first.splice(0);
    if (size < MAX_QUERY_RESULTS || (total !== undefined && size >= total)) return;
    let next = size + 1;
    const options = { ...this.#callOptions(clock), startPosition: next, ...(total === undefined ? {} : { total }) };
    for await (const page of this.#qbo.pages(query, options)) {
      const records = page.records as unknown as T[];
      const seen = Math.max(0, next - page.startPosition);
      if (seen === 0) yield records;
      else if (seen < records.length) yield records.slice(seen);
      next = Math.max(next, page.startPosition + records.length);
      if (total !== undefined && next > total) return;
    }
  }
}

/** The records `keep` picks, page by page; the change time of every record read goes to `clock`. */
async function* filterPages<T>(
  pages: AsyncIterable<T[]>,
  keep: (record: T) => boolean,
  clock: ReadClock,
): AsyncIterable<T[]> {
  for await (const page of pages) {
    clock.seeRecords(page);
    yield page.filter(keep);
  }
}
