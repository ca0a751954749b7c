import type { FlowContext } from '../context.js';

/** The outcome of matching an unlinked QBO record against IntelliTrack's records. */
export type MatchResult =
  | { kind: 'none' }
  | { kind: 'one'; record: Record<string, unknown> }
  | { kind: 'ambiguous'; reason: string };

/**
 * IntelliTrack's records of one resource, indexed by identifying fields (case-insensitive). Loaded
 * only when a new QBO record needs matching, so a run with nothing new makes no list calls.
 */
export class ItIndex {
  readonly #ctx: FlowContext;
  readonly #resource: 'items' | 'vendors' | 'customers';
  #byField: Map<string, Record<string, unknown>[]> | undefined;

  constructor(ctx: FlowContext, resource: 'items' | 'vendors' | 'customers') {
    this.#ctx = ctx;
    this.#resource = resource;
  }

  async #load(fields: readonly string[]): Promise<Map<string, Record<string, unknown>[]>> {
    if (this.#byField) return this.#byField;
    const byField = new Map<string, Record<string, unknown>[]>();
    const pages = this.#ctx.it.list(
      this.#resource,
      { divisionId: this.#ctx.settings.division, limit: 1000 },
      this.#ctx.signal ? { signal: this.#ctx.signal } : {},
    );
    for await (const page of pages) {
      for (const record of page.data as unknown as Record<string, unknown>[]) {
        for (const field of fields) {
          const value = record[field];
          if (typeof value !== 'string' || value === '') continue;
          const key = `${field}:${value.toLowerCase()}`;
          byField.set(key, [...(byField.get(key) ?? []), record]);
        }
      }
    }
    this.#byField = byField;
    return byField;
  }

  /** Matches `body` by `fields` in order: the first field with a hit decides; disagreement is ambiguous. */
  async match(fields: readonly string[], body: Record<string, unknown>): Promise<MatchResult> {
    const index = await this.#load(fields);
    let found: { field: string; record: Record<string, unknown> } | undefined;
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
          reason: `${found.field} matches IntelliTrack record ${String(found.record.id)} but ${field} matches ${String(hit.id)}`,
        };
      }
      found ??= { field, record: hit };
    }
    return found ? { kind: 'one', record: found.record } : { kind: 'none' };
  }
}
