/**
 * Reading many records of one entity by id in the fewest metered calls: one
 * `SELECT * FROM Entity WHERE Id IN (…)` per {@link MAX_QUERY_RESULTS} ids, where a `read` per id
 * would cost one call each (Intuit meters every read and every query alike).
 */
import type { EntityOf, QboApi, QboEntityName, QuerySpec } from './api.js';
import { MAX_QUERY_RESULTS } from './query.js';

/** Options of {@link readByIds}. */
export interface ReadByIdsOptions {
  /** Aborts the queries. */
  signal?: AbortSignal | undefined;
}

/**
 * The records of `ids` (inactive name-list records included) keyed by `Id`; an id QBO does not hold
 * is missing from the map. Duplicate ids are asked for once.
 * @example
 * const customers = await readByIds(qbo, 'Customer', ['58', '59', '61']);
 * @throws what the queries throw
 */
export async function readByIds<N extends QboEntityName>(
  qbo: Pick<QboApi, 'pages'>,
  entity: N,
  ids: readonly string[],
  options: ReadByIdsOptions = {},
): Promise<Map<string, EntityOf<N>>> {
  const unique = [...new Set(ids)];
  const found = new Map<string, EntityOf<N>>();
  for (let i = 0; i < unique.length; i += MAX_QUERY_RESULTS) {
    const value = unique.slice(i, i + MAX_QUERY_RESULTS);
    const query: QuerySpec<N> = { entity, where: [{ field: 'Id', operator: 'IN', value }], includeInactive: true };
    for await (const page of qbo.pages(query, options.signal ? { signal: options.signal } : {})) {
      for (const record of page.records) {
        const id = (record as { Id?: unknown }).Id;
        if (typeof id === 'string') found.set(id, record);
      }
    }
  }
  return found;
}
