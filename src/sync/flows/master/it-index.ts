import type { FlowContext } from '../../context.js';

/** What matching needs of an IntelliTrack record (the index keeps only this, not whole records). */
export interface IndexedRecord {
  id: string;
  /** The QBO id the record is already linked to, if any. */
  externalRef: string | undefined;
  version: number | null;
}

/** The outcome of matching an unlinked QBO record against IntelliTrack's records. */
export type MatchResult =
  | { kind: 'none' }
  | { kind: 'one'; record: IndexedRecord }
  | { kind: 'ambiguous'; reason: string };

function indexed(record: Record<string, unknown>): IndexedRecord {
  return {
    id: String(record.id),
    externalRef: typeof record.externalRef === 'string' ? record.externalRef : undefined,
    version: typeof record.version === 'number' ? record.version : null,
  };
}

/**
 * IntelliTrack's records of one resource, indexed by identifying fields (case-insensitive). Loaded
 * only when a new QBO record needs matching, so a run with nothing new makes no list calls.
 */
export class ItIndex {
  readonly #ctx: FlowContext;
  readonly #resource: 'items' | 'vendors' | 'customers';
  #byField: Map<string, IndexedRecord[]> | undefined;

  constructor(ctx: FlowContext, resource: 'items' | 'vendors' | 'customers') {
    this.#ctx = ctx;
    this.#resource = resource;
  }

  async #load(fields: readonly string[]): Promise<Map<string, IndexedRecord[]>> {
    if (this.#byField) return this.#byField;
    // Only the few fields matching needs are kept, so a large division's pages are released as read.
    const byField = new Map<string, IndexedRecord[]>();
    const pages = this.#ctx.it.pages(
      this.#resource,
      { divisionId: this.#ctx.settings.division, limit: 1000 },
      this.#ctx.signal ? { signal: this.#ctx.signal } : {},
    );
    for await (const page of pages) {
      for (const record of page.data as unknown as Record<string, unknown>[]) {
        const entry = indexed(record);
        for (const field of fields) {
          const value = record[field];
          if (typeof value !== 'string' || value === '') continue;
          const key = `${field}:${value.toLowerCase()}`;
          const hits = byField.get(key);
          if (hits) hits.push(entry);
          else byField.set(key, [entry]);
        }
      }
    }
    this.#byField = byField;
    return byField;
  }

  /** Matches `body` by `fields` in order: the first field with a hit decides; disagreement is ambiguous. */
  async match(fields: readonly string[], body: Record<string, unknown>): Promise<MatchResult> {
    const index = await this.#load(fields);
    let found: { field: string; record: IndexedRecord } | undefined;
    for (const field of fields) {
      const value = body[field];
      if (typeof value !== 'string' || value === '') continue;
      const hits = index.get(`${field}:${value.toLowerCase()}`) ?? [];
      if (hits.length > 1) {
        return { kind: 'ambiguous', reason: `${hits.length} IntelliTrack records have ${field} "${value}"` };
      }
      const hit = hits[0];
      if (!hit) continue;
      if (found && found.record.id !== hit.id) {
        return {
          kind: 'ambiguous',
          reason: `${found.field} matches IntelliTrack record ${found.record.id} but ${field} matches ${hit.id}`,
        };
      }
      found ??= { field, record: hit };
    }
    return found ? { kind: 'one', record: found.record } : { kind: 'none' };
  }
}
